#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image. It installs the vpclab
# binary shipped in the bundle; nothing is downloaded, at build time or at grade time.
set -euo pipefail
install -m 0755 /autograder/source/vpclab /usr/local/bin/vpclab
chmod +x /autograder/source/run_autograder
vpclab --version
