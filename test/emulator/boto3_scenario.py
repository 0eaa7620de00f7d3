"""An application-like scenario of boto3 (SigV4, path-style) against `cos-conformance serve`.

Run by test/emulator/boto3-scenario.test.ts:
    python3 boto3_scenario.py ENDPOINT BUCKET REGION ACCESS_KEY_ID WORKDIR
with the secret key in the environment variable SCENARIO_SECRET_KEY (never on the command line).
Prints one "ok <step>" line per step; any failure raises (exit status 1 with a traceback).
"""
import hashlib
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

MiB = 1024 * 1024


def step(name):
    print(f"ok {name}", flush=True)


def data(size, seed):
    out = bytearray(size)
    x = seed
    for i in range(0, size, 4096):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        out[i] = x & 0xFF
    return bytes(out)


def md5(b):
    return hashlib.md5(b).hexdigest()


def error_of(call):
    try:
        call()
    except ClientError as err:
        return err.response["ResponseMetadata"]["HTTPStatusCode"], err.response["Error"]["Code"]
    raise AssertionError("the call succeeded, an error was expected")


def main():
    endpoint, bucket, region, access_key, workdir = sys.argv[1:6]
    secret = os.environ["SCENARIO_SECRET_KEY"]

    def client(secret_key=secret):
        return boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1}),
        )

    s3 = client()
    prefix = "boto3/"

    # Simple objects with metadata, conditional and ranged reads.
    small = data(3000, 7)
    key = prefix + "small café.bin"
    put = s3.put_object(Bucket=bucket, Key=key, Body=small, ContentType="application/x-app", Metadata={"colour": "blue"})
    assert put["ETag"] == f'"{md5(small)}"', put["ETag"]
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == 3000 and head["Metadata"] == {"colour": "blue"}, head
    assert head["ContentType"] == "application/x-app", head["ContentType"]
    got = s3.get_object(Bucket=bucket, Key=key)
    assert got["Body"].read() == small
    ranged = s3.get_object(Bucket=bucket, Key=key, Range="bytes=10-19")
    assert ranged["Body"].read() == small[10:20] and ranged["ContentRange"] == "bytes 10-19/3000"
    assert error_of(lambda: s3.get_object(Bucket=bucket, Key=key, IfNoneMatch=put["ETag"])) == (304, "304")
    assert error_of(lambda: s3.get_object(Bucket=bucket, Key=key, IfMatch='"0123"')) == (412, "PreconditionFailed")
    assert error_of(lambda: s3.head_object(Bucket=bucket, Key=prefix + "missing")) == (404, "404")
    step("put/head/get with metadata, Range, If-None-Match 304, If-Match 412")

    # upload_file: s3transfer's multipart upload (3 parts of 5 MiB, 5 MiB, 2 MiB).
    big = data(12 * MiB, 11)
    path = os.path.join(workdir, "big.bin")
    with open(path, "wb") as f:
        f.write(big)
    transfer = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=2)
    s3.upload_file(path, bucket, prefix + "big.bin", Config=transfer)
    got = s3.get_object(Bucket=bucket, Key=prefix + "big.bin")
    assert got["Body"].read() == big and got["ETag"].endswith('-3"'), got["ETag"]
    part2 = s3.head_object(Bucket=bucket, Key=prefix + "big.bin", PartNumber=2)
    assert part2["PartsCount"] == 3 and part2["ContentLength"] == 5 * MiB, part2
    part3 = s3.get_object(Bucket=bucket, Key=prefix + "big.bin", PartNumber=3)
    assert part3["Body"].read() == big[10 * MiB :] and part3["PartsCount"] == 3
    assert error_of(lambda: s3.get_object(Bucket=bucket, Key=prefix + "big.bin", PartNumber=4))[0] == 416
    step("upload_file multipart, get/head PartNumber")

    # An upload interrupted after two parts, resumed by a new client from the server's listings.
    resume_key = prefix + "resumed.bin"
    chunks = [big[0 : 5 * MiB], big[5 * MiB : 10 * MiB], big[10 * MiB :]]
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=resume_key, Metadata={"run": "1"})["UploadId"]
    for n in (1, 2):
        s3.upload_part(Bucket=bucket, Key=resume_key, UploadId=upload_id, PartNumber=n, Body=chunks[n - 1])
    s3 = client()  # "restarted" application: nothing remembered but the key and the file
    uploads = s3.list_multipart_uploads(Bucket=bucket, Prefix=resume_key)["Uploads"]
    assert [u["UploadId"] for u in uploads] == [upload_id], uploads
    listed = s3.list_parts(Bucket=bucket, Key=resume_key, UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"]) for p in listed] == [(1, f'"{md5(chunks[0])}"'), (2, f'"{md5(chunks[1])}"')]
    last = s3.upload_part(Bucket=bucket, Key=resume_key, UploadId=upload_id, PartNumber=3, Body=chunks[2])
    parts = [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in listed] + [{"PartNumber": 3, "ETag": last["ETag"]}]
    s3.complete_multipart_upload(Bucket=bucket, Key=resume_key, UploadId=upload_id, MultipartUpload={"Parts": parts})
    got = s3.get_object(Bucket=bucket, Key=resume_key)
    assert got["Body"].read() == big and got["Metadata"] == {"run": "1"}
    assert s3.list_multipart_uploads(Bucket=bucket, Prefix=resume_key).get("Uploads", []) == []
    step("multipart upload resumed from list_multipart_uploads and list_parts")

    # Copy Object.
    s3.copy_object(
        Bucket=bucket,
        Key=prefix + "dir/copy.bin",
        CopySource={"Bucket": bucket, "Key": key},
        MetadataDirective="REPLACE",
        Metadata={"colour": "green"},
        ContentType="text/plain",
    )
    copied = s3.head_object(Bucket=bucket, Key=prefix + "dir/copy.bin")
    assert copied["Metadata"] == {"colour": "green"} and copied["ContentLength"] == 3000, copied
    assert error_of(lambda: s3.copy_object(Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key})) == (
        400,
        "InvalidRequest",
    )
    step("copy_object REPLACE, copy onto itself refused")

    # Listings.
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix, PaginationConfig={"PageSize": 2}):
        keys += [c["Key"] for c in page.get("Contents", [])]
    expected = sorted([key, prefix + "big.bin", prefix + "resumed.bin", prefix + "dir/copy.bin"], key=lambda k: k.encode())
    assert keys == expected, keys
    v1 = s3.list_objects(Bucket=bucket, Prefix=prefix, Delimiter="/")
    assert [p["Prefix"] for p in v1["CommonPrefixes"]] == [prefix + "dir/"], v1
    assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] == region
    s3.head_bucket(Bucket=bucket)
    step("list_objects_v2 pages, list_objects delimiter, get_bucket_location, head_bucket")

    # Cleanup as conformance suites do it: list every version, delete them in batches.
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": prefix + "never-there"}], "Quiet": True})
    assert quiet.get("Deleted", []) == [] and quiet.get("Errors", []) == [], quiet
    versions = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix, PaginationConfig={"PageSize": 3}):
        versions += [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", [])]
    assert sorted(v["Key"] for v in versions) == sorted(expected) and {v["VersionId"] for v in versions} == {"null"}
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": versions})
    assert sorted(d["Key"] for d in deleted["Deleted"]) == sorted(expected) and deleted.get("Errors", []) == []
    assert s3.list_objects_v2(Bucket=bucket, Prefix=prefix)["KeyCount"] == 0
    step("list_object_versions + delete_objects cleanup")

    # Signature checking is on.
    assert error_of(lambda: client("not-the-key").list_objects_v2(Bucket=bucket)) == (403, "SignatureDoesNotMatch")
    step("wrong secret refused")


if __name__ == "__main__":
    main()
