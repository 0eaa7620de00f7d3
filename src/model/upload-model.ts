/**
 * The reference model of multipart uploads, as plain data: which uploads exist, their state (open, aborted,
 * completed), the parts each holds (number, body, size) and the object a completion left. Pure functions here;
 * predicting answers is in predict.ts, talking to a server in commands.ts.
 */
import type { BodySpec } from '../body/generate.ts';

/** One stored part as the model knows it. */
export interface ModelPart {
  partNumber: number;
  spec: BodySpec;
  size: number;
  md5Hex: string;
  crc64: string;
}

export type UploadState = 'open' | 'aborted' | 'completed';

/** One upload: its state, its parts, and once completed the bodies of its object in order. */
export interface UploadModel {
  /** Index in the model (u0, u1, …); the stamp upload number is index + 1. */
  index: number;
  state: UploadState;
  parts: Map<number, ModelPart>;
  /** The Complete list that succeeded (what a retry would send). */
  completedWith?: ReadonlyArray<{ partNumber: number; etag: string }>;
  /** Bodies of the completed object, in part-number order. */
  object?: readonly BodySpec[];
}

/** The whole model: the uploads a sequence started. */
export interface Model {
  uploads: UploadModel[];
}

/** Most uploads one sequence starts. */
export const MAX_UPLOADS = 2;

/** A fresh model with no uploads. */
export function emptyModel(): Model {
  return { uploads: [] };
}

/** The upload a command's index designates (`index mod count`), or undefined when there is none. */
export function pickUpload(model: Readonly<Model>, index: number): UploadModel | undefined {
  if (model.uploads.length === 0) return undefined;
  return model.uploads[index % model.uploads.length];
}

/** Adds an open upload; returns it. */
export function addUpload(m: Model): UploadModel {
  const model: UploadModel = { index: m.uploads.length, state: 'open', parts: new Map() };
  m.uploads.push(model);
  return model;
}

/** Parts of an upload in ascending part-number order. */
export function sortedParts(model: Readonly<UploadModel>): ModelPart[] {
  return [...model.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
}

/** The quoted MD5 ETag the model expects for a part (spec §5.1). */
export function expectedEtag(pick: Pick<ModelPart, 'md5Hex'>): string {
  return `"${pick.md5Hex}"`;
}
