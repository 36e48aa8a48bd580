# test/integration/agency.sh: the v39 agency family (validate, show, load, capabilities) and its wrappers, as hooks drive them.
# shellcheck shell=bash disable=SC2016
section "Agency specs (v39)"
mkdir -p specs
cat >specs/build.yaml <<'YAML'
meta: {stage: build, phases: [planned, executing]}
agents:
  - {phase: executing, command: /work, mode: both, priority: 10}
models:
  executing: {default: haiku}
gates:
  exit:
    - {check: agents_complete, tier: hard}
capabilities:
  workflow:
    kernel: [events.tail]
YAML
printf 'meta: {stage: discover, phases: [brainstorm]}\n' >specs/discover.yaml
printf 'meta: {stage: design, phases: [brainstorm-reviewed, strategized]}\n' >specs/design.yaml
printf 'meta: {stage: ship, phases: [review, polish]}\n' >specs/ship.yaml
printf 'meta: {stage: reflect, phases: [reflect]}\n' >specs/reflect.yaml
printf 'meta: {stage: bogus, phases: [nope]}\n' >bad.yaml
run ic agency validate --all --spec-dir=specs
is "agency validate: --all prints PASS for each valid spec" 0 $'PASS build.yaml\nPASS design.yaml\nPASS discover.yaml\nPASS reflect.yaml\nPASS ship.yaml' ""
run ic agency validate bad.yaml
is "agency validate: an invalid spec is exit 1, its problems on stderr" 1 "" 'ic: agency validate: bad.yaml: meta.stage: unknown stage "bogus"; must be one of: discover, design, build, ship, reflect; meta.phases[0]: unknown phase "nope"'
run ic agency show --spec-dir=specs build
is "agency show: the parsed spec as JSON, defaults filled in" 0 '{"meta":{"stage":"build","description":"","phases":["planned","executing"]},"agents":[{"phase":"executing","command":"/work","mode":"both","priority":10}],"models":{"executing":{"default":"haiku"}},"artifacts":{},"gates":{"exit":[{"check":"agents_complete","tier":"hard"}]},"budget":{"allocation":0,"max_agents":0,"warn_threshold":0},"capabilities":{"workflow":{"kernel":["events.tail"]}}}' ""
run ic agency show --spec-dir=specs ship2
like "agency show: a missing spec is exit 1" 1 '^$' '^ic: agency show: '
AR=$(ic run create --project="$PWD" --goal=agency)
run ic agency load --spec-dir=specs --run="$AR" build
is "agency load: one stage, what it loaded" 0 "loaded build: agents=1 models=1 gates=1" ""
run ic run action list "$AR"
is "agency load: the agent became a phase action of the run" 0 "  executing → /work  [both, priority=10]" ""
run ic agency load --spec-dir=specs --run=nope build
like "agency load: an unknown run is exit 1" 1 '^$' '^ic: agency load: '
run ic agency capabilities "$AR"
is "agency capabilities: the loaded stages' capabilities as JSON" 0 '{"build":{"workflow":{"kernel":["events.tail"]}}}' ""
run ic agency capabilities nope
is "agency capabilities: a run with none is {}" 0 "{}" ""
run hook 'intercore_agency_validate specs; echo "rc=$?"'
is "intercore_agency_validate: PASS lines, returns 0" 0 $'PASS build.yaml\nPASS design.yaml\nPASS discover.yaml\nPASS reflect.yaml\nPASS ship.yaml\nrc=0' ""
mkdir -p badspecs && cp bad.yaml badspecs/
run hook 'intercore_agency_validate badspecs || echo "rc=$?"'
is "intercore_agency_validate: an invalid spec returns 1, prints nothing" 0 "rc=1" ""
AR2=$(ic run create --project="$PWD" --goal=agency2)
run hook 'intercore_agency_load '"$AR2"' specs; echo "rc=$?"'
is "intercore_agency_load: loads all five stages, returns 0" 0 $'loaded discover: agents=0 models=0 gates=0\nloaded design: agents=0 models=0 gates=0\nloaded build: agents=1 models=1 gates=1\nloaded ship: agents=0 models=0 gates=0\nloaded reflect: agents=0 models=0 gates=0\nrc=0' ""
run hook 'intercore_agency_load nope specs || echo "rc=$?"'
like "intercore_agency_load: an unknown run returns 1" 0 'rc=1$'
