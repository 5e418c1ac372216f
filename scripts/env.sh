# Sourced by the scripts: puts the tools setup.sh installs on PATH.
KUBEPLAY_TOOLS="${KUBEPLAY_TOOLS:-$HOME/.cache/kubeplay-tools}"
export PATH="$HOME/.cargo/bin:$KUBEPLAY_TOOLS/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
