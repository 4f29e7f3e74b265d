"""Fetch the real-world corpus (tests/real_world/corpus.toml) into a cache directory.

Usage: corpus_fetch.py CACHE < WHEELS.json

WHEELS.json is a list of {"name", "version", "file", "sha256"}. Each wheel is
downloaded from the Python package index with pip (pinned version, checked hash, no
dependencies), once: a cached wheel whose hash matches is kept. Each wheel's text files
(Python modules, ini files, Mako templates) are unpacked into CACHE/trees/<file stem>/,
once. Nothing here lands in the repository: the corpus is public code fetched at test
time, never committed.

Prints one line per wheel: "<file> <cached|downloaded> <unpacked|kept>".
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

# The files a history needs: revision files and the project's modules (constants),
# configuration, templates. Not the static assets that make some wheels large.
KEEP = (".py", ".ini", ".mako", ".cfg", ".toml")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    cache = sys.argv[1]
    wheels = json.load(sys.stdin)
    wheel_dir = os.path.join(cache, "wheels")
    os.makedirs(wheel_dir, exist_ok=True)
    status = {}
    missing = []
    for wheel in wheels:
        path = os.path.join(wheel_dir, wheel["file"])
        if os.path.exists(path) and sha256(path) == wheel["sha256"]:
            status[wheel["file"]] = "cached"
        else:
            missing.append(wheel)
    if missing:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as req:
            for wheel in missing:
                req.write("%s==%s --hash=sha256:%s\n" % (wheel["name"], wheel["version"], wheel["sha256"]))
        # The platform is pinned so that the same files are chosen on any machine (one
        # wheel of the corpus is compiled); pure-Python wheels match any platform.
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--only-binary=:all:", "--python-version", "3.11",
            "--implementation", "cp", "--abi", "cp311", "--platform", "manylinux_2_28_x86_64",
            "--require-hashes", "-r", req.name, "-d", wheel_dir,
        ]
        done = subprocess.run(command)
        os.unlink(req.name)
        if done.returncode != 0:
            sys.exit("pip download failed (exit %d)" % done.returncode)
        for wheel in missing:
            path = os.path.join(wheel_dir, wheel["file"])
            if not os.path.exists(path):
                sys.exit("pip did not write %s" % wheel["file"])
            if sha256(path) != wheel["sha256"]:
                sys.exit("%s: sha256 differs from the manifest" % wheel["file"])
            status[wheel["file"]] = "downloaded"
    for wheel in wheels:
        stem = wheel["file"][: -len(".whl")]
        tree = os.path.join(cache, "trees", stem)
        marker = os.path.join(tree, ".unpacked")
        if os.path.exists(marker):
            unpacked = "kept"
        else:
            with zipfile.ZipFile(os.path.join(wheel_dir, wheel["file"])) as archive:
                for member in archive.namelist():
                    if member.endswith(KEEP) and ".." not in member.split("/"):
                        archive.extract(member, tree)
            with open(marker, "w") as f:
                f.write(wheel["sha256"] + "\n")
            unpacked = "unpacked"
        print(wheel["file"], status[wheel["file"]], unpacked, flush=True)


if __name__ == "__main__":
    main()
