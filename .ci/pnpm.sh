# Sourced by .ci/app and .ci/check: makes pnpm (the pinned version) available with
# nothing but Node 20 and npm on the machine.
PNPM_VERSION=10.34.8
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  tools_dir="$(pwd)/.tools"
  if [ ! -x "$tools_dir/node_modules/.bin/pnpm" ] || [ "$("$tools_dir/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    echo "Installing pnpm $PNPM_VERSION into .tools/ ..."
    npm install --silent --no-audit --no-fund --prefix "$tools_dir" "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$tools_dir/node_modules/.bin:$PATH"
fi
