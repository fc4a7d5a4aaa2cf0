"""Static checks of deploy/ against the code, for tests/deploy/run: `python3 checks.py ROOT CHECK`.

CHECK is one of alerts, dashboard, env, paths. Each prints a one-line summary and exits 0, or prints every
problem it found to standard error and exits 1. Needs PyYAML (Debian's python3-yaml).
"""
import glob
import json
import os
import re
import sys

import yaml

# Series Prometheus or its exporters make, which the app cannot export: the scrape's own `up`, blackbox_exporter's
# probe of /readyz and node_exporter's systemd collector.
EXTERNAL_METRICS = {
    "up": {"job", "instance"},
    "probe_success": {"job", "instance"},
    "node_systemd_unit_state": {"job", "instance", "name", "state", "type"},
    "node_systemd_timer_last_trigger_seconds": {"job", "instance", "name"},
}
# What the dashboard may use beside the app's metrics: `up` only (how many serve processes answer).
DASHBOARD_EXTERNAL = {"up"}
SCRAPE_LABELS = {"job", "instance"}
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or",
            "unless", "inf", "nan", "atan2"}
SEVERITIES = {"critical", "warning"}


class Problems(list):
    def finish(self, summary):
        if self:
            for problem in self:
                print(problem, file=sys.stderr)
            sys.exit(1)
        print(summary)


def matching_paren(text, start):
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def code_metrics(root):
    """Every metric family the Swift code creates: exported name -> label names (histograms per series)."""
    families = {}
    pattern = re.compile(r"\b(?:Metrics\.)?(Counter|FloatingPointCounter|Gauge|Meter|Recorder|Timer)\(\s*label:\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"")
    for path in glob.glob(os.path.join(root, "Sources", "**", "*.swift"), recursive=True):
        text = open(path, encoding="utf-8").read()
        for match in pattern.finditer(text):
            kind, name = match.groups()
            call = text[match.start(): matching_paren(text, text.index("(", match.start())) + 1]
            labels = set(re.findall(r"\(\s*\"([a-zA-Z_][a-zA-Z0-9_]*)\"\s*,", call)) | SCRAPE_LABELS
            if kind in ("Timer", "Recorder"):
                # swift-prometheus exports Timers (and aggregating Recorders) as histograms.
                families.setdefault(name + "_bucket", set()).update(labels | {"le"})
                families.setdefault(name + "_sum", set()).update(labels)
                families.setdefault(name + "_count", set()).update(labels)
            else:
                families.setdefault(name, set()).update(labels)
    return families


def promql_references(expr):
    """(metric names, {metric: label names in its matchers}, label names in by/on/... clauses) of a PromQL expr."""
    expr = re.sub(r"\$\{[^}]*\}|\$\w+", "", expr)
    matchers = {}
    names = set()

    def selector(match):
        name = match.group(1) or ""
        body = match.group(2)
        labels = set(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*\"(?:[^\"\\]|\\.)*\"", body))
        if name:
            matchers.setdefault(name, set()).update(labels)
            names.add(name)
        return " "

    expr = re.sub(r"([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*\{((?:[^}\"]|\"(?:[^\"\\]|\\.)*\")*)\}", selector, expr)
    expr = re.sub(r"\"(?:[^\"\\]|\\.)*\"", " ", expr)
    expr = re.sub(r"\[[^\]]*\]", " ", expr)
    grouping = set()

    def clause(match):
        grouping.update(label.strip() for label in match.group(2).split(",") if label.strip())
        return " "

    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)", clause, expr)
    for match in re.finditer(r"(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?", expr):
        word, call = match.groups()
        if not call and word not in KEYWORDS:
            names.add(word)
    return names, matchers, grouping


def check_expression(where, expr, known, allowed_external, problems):
    names, matchers, grouping = promql_references(expr)
    available = set(SCRAPE_LABELS)
    for name in names:
        if name in known:
            labels = known[name]
        elif name in allowed_external:
            labels = EXTERNAL_METRICS.get(name, SCRAPE_LABELS)
        else:
            hint = " (a Timer is exported as _bucket, _sum and _count)" if name + "_bucket" in known else ""
            problems.append(f"{where}: metric {name} is not exported by the code{hint}")
            continue
        available |= labels
        for label in matchers.get(name, set()) - labels:
            problems.append(f"{where}: {name} has no label {label!r} (it has {', '.join(sorted(labels))})")
    for label in grouping - available:
        problems.append(f"{where}: grouping by {label!r}, which none of {', '.join(sorted(names))} has")
    return names


def runbook(root):
    """RUNBOOK.md's text and its section titles."""
    text = open(os.path.join(root, "deploy", "RUNBOOK.md"), encoding="utf-8").read()
    return text, {line[3:].strip() for line in text.splitlines() if line.startswith("## ")}


def check_alerts(root):
    problems = Problems()
    known = code_metrics(root)
    runbook_text, sections = runbook(root)
    prometheus = os.path.join(root, "deploy", "prometheus")
    rules = [rule for group in yaml.safe_load(open(os.path.join(prometheus, "alerts.yml")))["groups"]
             for rule in group["rules"]]
    used = set()
    for rule in rules:
        name = rule.get("alert")
        if not name:
            problems.append(f"recording rule {rule.get('record')}: only alerting rules belong in alerts.yml")
            continue
        if rule.get("labels", {}).get("severity") not in SEVERITIES:
            problems.append(f"{name}: severity must be one of {sorted(SEVERITIES)}")
        annotations = rule.get("annotations", {})
        for key in ("summary", "description"):
            if not annotations.get(key, "").strip():
                problems.append(f"{name}: no {key} annotation")
        description = annotations.get("description", "")
        reference = re.search(r"Runbook: deploy/RUNBOOK\.md, (.*)$", description)
        named = re.findall(r"\"([^\"]+)\"", reference.group(1)) if reference else []
        if not named:
            problems.append(f"{name}: the description must end with Runbook: deploy/RUNBOOK.md, \"Section\"")
        for section in named:
            if section not in sections:
                problems.append(f"{name}: RUNBOOK.md has no section \"## {section}\"")
        if not re.search(rf"\b{name}\b", runbook_text):
            problems.append(f"{name}: RUNBOOK.md does not mention it")
        used |= check_expression(name, rule["expr"], known, EXTERNAL_METRICS, problems)

    tests = yaml.safe_load(open(os.path.join(prometheus, "alerts.test.yml")))
    firing, quiet = set(), set()
    for test in tests["tests"]:
        for case in test.get("alert_rule_test", []):
            (firing if case.get("exp_alerts") else quiet).add(case["alertname"])
    names = {rule["alert"] for rule in rules if "alert" in rule}
    for name in sorted(names - firing):
        problems.append(f"{name}: no promtool test where it fires")
    for name in sorted(names - quiet):
        problems.append(f"{name}: no promtool test where it stays quiet")
    for name in sorted((firing | quiet) - names):
        problems.append(f"alerts.test.yml tests {name}, which alerts.yml does not define")
    problems.finish(f"{len(names)} alerts, each with a severity, a runbook section and a firing and a quiet test; "
                    f"{len(used)} metric names, all exported")


def check_dashboard(root):
    problems = Problems()
    known = code_metrics(root)
    path = os.path.join(root, "deploy", "grafana", "neurocards.json")
    try:
        dashboard = json.load(open(path, encoding="utf-8"))
    except ValueError as error:
        Problems([f"{path}: not valid JSON: {error}"]).finish("")
    variables = dashboard.get("templating", {}).get("list", [])
    datasource = [v for v in variables if v.get("type") == "datasource" and v.get("query") == "prometheus"]
    if not datasource:
        problems.append("no Prometheus datasource variable in templating")
    reference = "${%s}" % (datasource[0]["name"] if datasource else "datasource")
    expressions = []
    for variable in variables:
        if variable.get("type") != "query":
            continue
        query = variable.get("query")
        query = query.get("query", "") if isinstance(query, dict) else query or ""
        inner = re.fullmatch(r"\s*label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*", query)
        expressions.append((f"variable {variable['name']}", inner.group(1) if inner else query))
        if variable.get("datasource", {}).get("uid") != reference:
            problems.append(f"variable {variable['name']}: datasource is not {reference}")

    def panels(items):
        for panel in items:
            yield panel
            yield from panels(panel.get("panels", []))

    ids = []
    count = 0
    for panel in panels(dashboard.get("panels", [])):
        ids.append(panel.get("id"))
        if panel.get("type") == "row":
            continue
        count += 1
        title = panel.get("title", "?")
        if panel.get("datasource", {}).get("uid") != reference:
            problems.append(f"panel {title!r}: datasource is not {reference}")
        if not panel.get("targets"):
            problems.append(f"panel {title!r}: no queries")
        for target in panel.get("targets", []):
            if target.get("datasource", {}).get("uid") != reference:
                problems.append(f"panel {title!r} query {target.get('refId')}: datasource is not {reference}")
            expressions.append((f"panel {title!r}", target.get("expr", "")))
    if len(ids) != len(set(ids)):
        problems.append("panel ids are not unique")
    used = set()
    for where, expr in expressions:
        used |= check_expression(where, expr, known, DASHBOARD_EXTERNAL, problems)
    app = sorted(name for name in used if name in known)
    problems.finish(f"{count} panels, {len(expressions)} queries, {len(app)} app metric names, all exported")


def configuration_variables(root):
    text = open(os.path.join(root, "Sources", "App", "Configuration", "AppConfiguration.swift"), encoding="utf-8").read()
    return set(re.findall(r"reader\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", text))


def readme_table(root):
    """README's Configuration table: name -> default ('required', '' for none, or the value)."""
    text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0])
        if cells[2].startswith("required"):
            defaults = ["required"] * len(names)
        else:
            defaults = [value if dash == "" else "" for value, dash in re.findall(r"`([^`]*)`|(—)", cells[2])]
            if len(defaults) == 1:
                defaults = defaults * len(names)
        if len(defaults) != len(names):
            raise SystemExit(f"README: cannot pair names and defaults in: {line}")
        table.update(zip(names, defaults))
    return table


def env_example(root):
    """The example's variables in order: (name, value, the comment lines right above it)."""
    entries, comments = [], []
    for line in open(os.path.join(root, "deploy", "neurocards.env.example"), encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#"):
            comments.append(line)
        elif "=" in line:
            name, value = line.split("=", 1)
            entries.append((name, value, comments))
            comments = []
        else:
            comments = []
    return entries


def check_env(root):
    problems = Problems()
    code = configuration_variables(root)
    readme = readme_table(root)
    entries = env_example(root)
    example = {name: value for name, value, _ in entries}
    scripts = "".join(open(os.path.join(root, "deploy", "backup", name)).read() for name in ("backup", "restore", "pgenv.sh"))
    backup = set(re.findall(r"\b(BACKUP_[A-Z0-9_]+)\b", scripts))
    if code != set(readme):
        problems.append(f"the code reads {sorted(code - set(readme))} that README's table lacks; "
                        f"README names {sorted(set(readme) - code)} that the code does not read")
    for name in sorted(code - set(example)):
        problems.append(f"the env example lacks {name}, which the code reads")
    for name in sorted(set(example) - code - backup):
        problems.append(f"the env example sets {name}, which neither the code nor the backup scripts read")
    for name in sorted(backup - set(example)):
        problems.append(f"the env example lacks {name}, which deploy/backup reads")
    if len(entries) != len(example):
        problems.append("the env example sets a variable twice")
    for name, value, comments in entries:
        if len(comments) != 1:
            problems.append(f"{name}: wants exactly one comment line right above it, has {len(comments)}")
        secret = re.search(r"TOKEN|SECRET|KEY", name)
        if secret and value:
            problems.append(f"{name}: a secret must be left blank in the example")
        if secret and name in ("SIGNING_SECRET", "TELEGRAM_WEBHOOK_SECRET") and "openssl rand" not in "".join(comments):
            problems.append(f"{name}: the comment should say how to generate it (openssl rand -hex 32)")
        default = readme.get(name)
        # MEDIA_DIR: the app's default is relative to the working directory; the example gives the absolute
        # path the systemd units make writable.
        if default not in (None, "required") and name != "MEDIA_DIR" and value != default:
            problems.append(f"{name}: the example has {value!r}, README's default is {default!r}")
    problems.finish(f"{len(code)} variables the code reads = README's table = the env example's, "
                    f"plus {len(backup)} backup variables; defaults match, secrets blank")


def unit_setting(root, unit, key):
    values = []
    for line in open(os.path.join(root, "deploy", "systemd", unit), encoding="utf-8"):
        if line.startswith(key + "="):
            values += line.split("=", 1)[1].split()
    return values


def check_paths(root):
    problems = Problems()
    example = {name: value for name, value, _ in env_example(root)}
    for unit in ("neurocards.service", "neurocards-worker@.service"):
        if example["MEDIA_DIR"] not in unit_setting(root, unit, "ReadWritePaths"):
            problems.append(f"{unit}: ReadWritePaths lacks MEDIA_DIR {example['MEDIA_DIR']}")
        for key, expected in (("EnvironmentFile", "/etc/neurocards/neurocards.env"), ("KillSignal", "SIGTERM"),
                              ("Restart", "on-failure"), ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict")):
            if unit_setting(root, unit, key) != [expected]:
                problems.append(f"{unit}: wants {key}={expected}")
        stop = unit_setting(root, unit, "TimeoutStopSec")
        # The app drains in up to 10 s (HTTP) + 20 s (jobs); systemd must not SIGKILL it before that.
        if not stop or not stop[0].isdigit() or int(stop[0]) <= 30:
            problems.append(f"{unit}: TimeoutStopSec must exceed the app's 30 s drain")
    if example["BACKUP_DIR"] not in unit_setting(root, "neurocards-backup.service", "ReadWritePaths"):
        problems.append(f"neurocards-backup.service: ReadWritePaths lacks BACKUP_DIR {example['BACKUP_DIR']}")
    problems.finish("MEDIA_DIR and BACKUP_DIR writable in the units; stop timeout above the app's drain")


if __name__ == "__main__":
    checks = {"alerts": check_alerts, "dashboard": check_dashboard, "env": check_env, "paths": check_paths}
    if len(sys.argv) != 3 or sys.argv[2] not in checks:
        raise SystemExit(f"usage: checks.py ROOT {{{','.join(checks)}}}")
    checks[sys.argv[2]](sys.argv[1])
