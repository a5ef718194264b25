#!/usr/bin/env bash
# Deploys EdgeFunctions to every region in a Bicep parameter file, behind Azure Front Door.
# Run `scripts/deploy.sh --help` for the inputs. docs/operations.md is the runbook.
#
# This script cannot run on the development machines (Azure is unreachable there). It is
# kept correct by `bash -n`, by reading it against `az` documentation, and by the
# tests in tests/EdgeFunctions.Infra.Tests, which compile exactly what it deploys.
set -euo pipefail

readonly BICEP_VERSION="0.49.2" # keep in step with tests/EdgeFunctions.Infra.Tests
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly TEMPLATE="$REPO_ROOT/infra/main.bicep"
readonly FUNCTIONS_PROJECT="$REPO_ROOT/src/EdgeFunctions.Functions/EdgeFunctions.Functions.csproj"

subscription=""
params_file="$REPO_ROOT/infra/main.bicepparam"
deploy_location=""
deployment_name="edgefunctions"
package=""
tenant_hashes_file=""
operator_cidrs=()
skip_regional_smoke=false
assume_yes=false
what_if_only=false
smoke_timeout=900
work=""   # scratch folder, removed on exit
PARAMS="" # compiled parameters with the command-line overrides applied

usage() {
  cat <<'EOF'
Usage: scripts/deploy.sh [options]

Deploys EdgeFunctions: compiles infra/main.bicep with a parameter file, shows the
what-if, deploys (one stamp per region plus Front Door, WAF and Key Vault), publishes
the app package to each region's Function App one region at a time, smoke-tests each
region's /healthz, and finally the Front Door endpoint. Safe to re-run: every step
converges on the same state (same deployment name, same resource names, same package).

Options:
  -s, --subscription ID     Azure subscription to deploy into.
                            Default: the current `az account show` subscription.
  -p, --parameters FILE     Bicep parameter file (.bicepparam) naming the regions and
                            settings. Default: infra/main.bicepparam.
  -l, --location REGION     Where Azure Resource Manager keeps the deployment record
                            (a subscription-scope deployment needs one; no resources
                            go there because of it). Default: the file's globalLocation.
  -n, --name NAME           Deployment name. Re-running with the same name updates the
                            same deployment. Default: edgefunctions.
      --package ZIP         App package (zip of `dotnet publish` output) to publish.
                            Default: publish src/EdgeFunctions.Functions for linux-x64
                            in Release and zip it.
      --tenant-hashes FILE  JSON object {"<tenant>": ["<sha256 hex>", ...]} that replaces
                            the tenantKeyHashes parameter. The app refuses to start with
                            no tenant, so the file or the parameter file must name one.
                            Hash a key with: printf '%s' "$KEY" | sha256sum
      --operator-cidr CIDR  Let this address range call the Function Apps directly
                            (repeatable). While origins are locked to Front Door (the
                            default), the regional smoke tests need the address of the
                            machine running this script. Replaces operatorCidrs.
      --skip-regional-smoke Test only through Front Door (when you cannot give an
                            operator CIDR). Each region is then checked by Front Door's
                            own health probes only.
      --smoke-timeout SEC   How long each smoke test keeps retrying before it fails.
                            Default: 900 (a new Front Door profile can take ~15 minutes
                            to serve its endpoint everywhere).
      --what-if-only        Stop after printing the what-if.
  -y, --yes                 Deploy without asking for confirmation after the what-if.
  -h, --help                Show this help.

Environment:
  BICEP                     Path of the Bicep CLI used to compile. Default: the one the
                            test project restored from NuGet
                            (~/.nuget/packages/azure.bicep.commandline.linux-x64/0.49.2),
                            so what CI compiled is what is deployed; else `az bicep`.
  NUGET_PACKAGES            NuGet package folder, if not ~/.nuget/packages.

Requirements: az (logged in, with rights to create resource groups and role
assignments in the subscription), jq, curl, and dotnet + zip unless --package is given.
EOF
}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

parse_args() {
  while (($# > 0)); do
    case "$1" in
      -s | --subscription) subscription="${2:?$1 needs a value}"; shift 2 ;;
      -p | --parameters) params_file="${2:?$1 needs a value}"; shift 2 ;;
      -l | --location) deploy_location="${2:?$1 needs a value}"; shift 2 ;;
      -n | --name) deployment_name="${2:?$1 needs a value}"; shift 2 ;;
      --package) package="${2:?$1 needs a value}"; shift 2 ;;
      --tenant-hashes) tenant_hashes_file="${2:?$1 needs a value}"; shift 2 ;;
      --operator-cidr) operator_cidrs+=("${2:?$1 needs a value}"); shift 2 ;;
      --skip-regional-smoke) skip_regional_smoke=true; shift ;;
      --smoke-timeout) smoke_timeout="${2:?$1 needs a value}"; shift 2 ;;
      --what-if-only) what_if_only=true; shift ;;
      -y | --yes) assume_yes=true; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown option: $1" ;;
    esac
  done
  [[ $smoke_timeout =~ ^[0-9]+$ ]] || die "--smoke-timeout must be a number of seconds"
  [[ -f $params_file ]] || die "parameter file not found: $params_file"
  [[ -z $package || -f $package ]] || die "package not found: $package"
  [[ -z $tenant_hashes_file || -f $tenant_hashes_file ]] || die "tenant hashes file not found: $tenant_hashes_file"
}

require_tools() {
  local tool
  for tool in az jq curl; do
    command -v "$tool" >/dev/null || die "$tool is required"
  done
  if [[ -z $package ]]; then
    command -v dotnet >/dev/null || die "dotnet is required to build the package (or pass --package)"
    command -v zip >/dev/null || die "zip is required to build the package (or pass --package)"
  fi
  az account show >/dev/null 2>&1 || die "not logged in: run 'az login'"
}

# Compiles the template and the parameter file to ARM JSON in $work.
compile() {
  local bicep="${BICEP:-${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep}"
  if [[ -x $bicep ]]; then
    log "Compiling with $bicep"
    "$bicep" build "$TEMPLATE" --outfile "$work/main.json"
    "$bicep" build-params "$params_file" --outfile "$work/params.json"
  else
    log "Compiling with az bicep (pinned CLI not found at $bicep)"
    az bicep build --file "$TEMPLATE" --outfile "$work/main.json"
    az bicep build-params --file "$params_file" --outfile "$work/params.json"
  fi
}

# Applies --tenant-hashes and --operator-cidr on top of the compiled parameters.
apply_overrides() {
  local merged="$work/params.merged.json"
  cp "$work/params.json" "$merged"
  if [[ -n $tenant_hashes_file ]]; then
    jq -e 'type == "object" and all(.[]; type == "array" and all(.[]; test("^[0-9a-f]{64}$")))' \
      "$tenant_hashes_file" >/dev/null || die "$tenant_hashes_file must map tenant names to arrays of lowercase SHA-256 hex"
    jq --slurpfile t "$tenant_hashes_file" '.parameters.tenantKeyHashes = {value: $t[0]}' "$merged" >"$merged.tmp"
    mv "$merged.tmp" "$merged"
  fi
  if ((${#operator_cidrs[@]} > 0)); then
    jq --args '.parameters.operatorCidrs = {value: $ARGS.positional}' "${operator_cidrs[@]}" <"$merged" >"$merged.tmp"
    mv "$merged.tmp" "$merged"
  fi
  PARAMS="$merged"
}

# The value a parameter will have: from the parameter file, else the template default.
param_value() {
  jq -c --arg p "$1" --slurpfile t "$work/main.json" \
    'if .parameters | has($p) then .parameters[$p].value else $t[0].parameters[$p].defaultValue end' "$PARAMS"
}

preflight() {
  local regions region flex_regions missing=()
  if [[ -n $subscription ]]; then
    az account set --subscription "$subscription"
  fi
  log "Subscription: $(az account show --query "join(' ', [name, id])" -o tsv)"

  regions="$(param_value regions | jq -r '.[]')"
  [[ -n $regions ]] || die "the parameter file names no regions"
  [[ -n $deploy_location ]] || deploy_location="$(param_value globalLocation | jq -r '.')"

  if [[ "$(param_value tenantKeyHashes | jq 'length')" == 0 ]]; then
    die "no tenant: the app refuses to start without one. Pass --tenant-hashes FILE or set tenantKeyHashes."
  fi
  if [[ "$(param_value lockOriginsToFrontDoor)" == true && "$(param_value operatorCidrs | jq 'length')" == 0 ]] &&
    [[ $skip_regional_smoke == false ]]; then
    die "origins only accept Front Door traffic: pass --operator-cidr <this machine's public IP>/32 to smoke-test each region, or --skip-regional-smoke."
  fi

  # Flex Consumption is not offered in every region; fail before deploying anything.
  flex_regions="$(az functionapp list-flexconsumption-locations --query '[].name' -o tsv)"
  while read -r region; do
    grep -qxiF "$region" <<<"$flex_regions" || missing+=("$region")
  done <<<"$regions"
  ((${#missing[@]} == 0)) || die "no Flex Consumption in: ${missing[*]}"

  # Registering is idempotent and quick once done.
  local ns
  for ns in Microsoft.Web Microsoft.Storage Microsoft.KeyVault Microsoft.Cdn Microsoft.Network \
    Microsoft.ManagedIdentity Microsoft.Insights Microsoft.OperationalInsights; do
    az provider register --namespace "$ns" --wait >/dev/null
  done
}

what_if_and_deploy() {
  local common=(--name "$deployment_name" --location "$deploy_location"
    --template-file "$work/main.json" --parameters "@$PARAMS")
  log "What-if for deployment '$deployment_name':"
  az deployment sub what-if "${common[@]}" --result-format FullResourcePayloads
  if [[ $what_if_only == true ]]; then
    log "Stopping after the what-if (--what-if-only)."
    exit 0
  fi
  if [[ $assume_yes != true ]]; then
    local answer=""
    read -r -p "Deploy these changes? [y/N] " answer || die "no answer on standard input: pass --yes to deploy unattended"
    [[ $answer =~ ^[Yy]$ ]] || die "cancelled"
  fi
  log "Deploying (this takes several minutes on the first run)..."
  az deployment sub create "${common[@]}" --query properties.outputs -o json >"$work/outputs.json"
}

build_package() {
  if [[ -n $package ]]; then
    return
  fi
  log "Publishing $FUNCTIONS_PROJECT"
  dotnet publish "$FUNCTIONS_PROJECT" -c Release -r linux-x64 --self-contained false -o "$work/publish" >&2
  # Zip the folder's contents, hidden folders included (.azurefunctions).
  (cd "$work/publish" && zip -qr "$work/app.zip" .)
  package="$work/app.zip"
}

# Retries GET <url> until it answers 200 or the smoke timeout passes.
wait_for_health() {
  local url="$1" deadline=$((SECONDS + smoke_timeout)) code
  while ((SECONDS < deadline)); do
    code="$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 15 "$url" || true)"
    if [[ $code == 200 ]]; then
      log "  OK   $url ($(served_by "$url"))"
      return 0
    fi
    log "  wait $url -> ${code:-no answer}"
    sleep 15
  done
  log "  FAIL $url did not answer 200 within ${smoke_timeout}s"
  return 1
}

served_by() {
  curl --silent --max-time 15 --dump-header - --output /dev/null "$1" |
    tr -d '\r' | awk -F': ' 'tolower($1) == "x-edge-region" { r = $2 } END { print (r == "" ? "no x-edge-region header" : "served by " r) }'
}

publish_and_smoke_test() {
  local probe_path region rg app host failed=()
  probe_path="$(jq -r '.healthProbePath.value' "$work/outputs.json")"
  # One region at a time: if a package breaks a region, stop before it reaches the next.
  while IFS=$'\t' read -r region rg app host; do
    log "[$region] publishing to $app"
    az functionapp deployment source config-zip --resource-group "$rg" --name "$app" --src "$package" \
      </dev/null >/dev/null
    if [[ $skip_regional_smoke == true ]]; then
      log "[$region] regional smoke test skipped (--skip-regional-smoke)"
    elif ! wait_for_health "https://$host$probe_path" </dev/null; then
      failed+=("$region")
      break
    fi
  done < <(jq -r '.stamps.value[] | [.region, .resourceGroup, .functionAppName, .hostName] | @tsv' "$work/outputs.json")
  ((${#failed[@]} == 0)) || die "region ${failed[*]} is unhealthy; later regions were not updated"

  local afd
  afd="$(jq -r '.frontDoorHostName.value' "$work/outputs.json")"
  log "Front Door: https://$afd"
  wait_for_health "https://$afd$probe_path" || die "Front Door endpoint is not healthy"
}

warn_missing_secrets() {
  local vault names secret
  vault="$(jq -r '.keyVaultName.value' "$work/outputs.json")"
  if ! names="$(az keyvault secret list --vault-name "$vault" --query '[].name' -o tsv 2>/dev/null)"; then
    log "Could not list secrets in $vault (needs a Key Vault data-plane role); not checked."
    return
  fi
  for secret in openai-api-key anthropic-api-key gemini-api-key azureopenai-api-key; do
    grep -qx "$secret" <<<"$names" ||
      log "WARNING: $vault has no secret '$secret'; that provider stays unavailable (docs/operations.md)."
  done
}

main() {
  parse_args "$@"
  require_tools
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  compile
  apply_overrides
  preflight
  what_if_and_deploy
  warn_missing_secrets
  build_package
  publish_and_smoke_test
  log "Done: https://$(jq -r '.frontDoorHostName.value' "$work/outputs.json")"
}

main "$@"
