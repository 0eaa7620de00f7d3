/** Errors of the XML helpers, each with a stable `code` the server maps to COS error codes. */
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/** The text is not well-formed XML (the server answers `400 MalformedXML`, spec §4.2). */
export class XmlParseError extends CosConformanceError {
  /** 1-based position of the problem, when the validator reported one. */
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, where?: { line?: number; column?: number }) {
    super(HARNESS_ERROR_CODES.xml.parse, message);
    this.line = where?.line;
    this.column = where?.column;
  }
}

/**
 * The XML is well-formed but is not the expected document: wrong root element, a required element missing
 * or repeated, or a value of the wrong form (e.g. a non-integer `Size`). The message names the element path.
 */
export class XmlShapeError extends CosConformanceError {
  /** Element path, e.g. `ListPartsResult/Part[2]/Size`. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(HARNESS_ERROR_CODES.xml.shape, `${path}: ${problem}`);
    this.path = path;
  }
}

/** A value that cannot be written as XML (bad element name, character not allowed in XML 1.0). */
export class XmlBuildError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.xml.build, message);
  }
}

/** True for the errors that mean "the XML document was not acceptable" (the server's `MalformedXML`). */
export function isXmlInputError(error: unknown): error is XmlParseError | XmlShapeError {
  return error instanceof XmlParseError || error instanceof XmlShapeError;
}
