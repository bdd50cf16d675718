// Structural checks of a Terraform tree (modules/ and envs/), over the JSON that @cdktf/hcl2json makes of
// every .tf file (terraform itself cannot run here: its providers come from a registry CI cannot reach).
//
//   node terraform-check.mjs <dir>     prints one line per problem; exits 1 if there is any, 2 on a parse error
//
// Checks: every .tf parses; every variable has a type and a description; every module call passes only
// variables the module declares and all that it requires; every provider a module uses is in its
// required_providers with a pinned version (~> x.y.z or an exact one), and terraform's own version is bounded;
// no secret is written as a literal; no local-exec provisioner; each module has main/variables/outputs/versions
// and a README; each environment outputs the gateway URL and the dashboards.
// Ordering and ownership (what makes a first apply fail, or an apply undo a deployment): a root that creates a
// cluster configures no Kubernetes provider (split cluster and platform roots); no module call has depends_on
// (it defers every data source of the module, and a for_each over them is unknown at plan time); an operator
// watches only namespaces its module creates; a release applied document by document has its Namespaces applied
// first and an explicit depends_on; service accounts and identity pools wait for their APIs; and Terraform never
// applies the application (knative/overlays, kustomization): the pipeline owns it.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";

// Installed by ci/validate into MOSAIC_CI_TOOLS (npm install --prefix), not into the repository.
const tools = resolve(process.env.MOSAIC_CI_TOOLS ?? "target/ci-tools");
const { parse } = createRequire(join(tools, "package.json"))("@cdktf/hcl2json");

const root = resolve(process.argv[2] ?? "terraform");
const problems = [];
const problem = (where, text) => problems.push(`${relative(process.cwd(), where) || where}: ${text}`);

const SECRET_KEY = /(password|passwd|secret|token|private_key|api_key|access_key|credentials)$/i;
const SECRET_VALUE = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/, "a GitHub token"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
];
const PINNED = /^(~>\s*\d+\.\d+\.\d+|=?\s*\d+\.\d+\.\d+)$/;
const META_ARGS = new Set(["source", "version", "providers", "depends_on", "count", "for_each"]);
// Resource and data types whose provider name is not their first word.
const BUILTIN = new Set(["terraform_data", "terraform_remote_state"]);

function dirsWithTf(dir) {
  const out = [];
  const walk = (d) => {
    const entries = readdirSync(d);
    if (entries.some((e) => e.endsWith(".tf"))) out.push(d);
    for (const e of entries) {
      const p = join(d, e);
      if (!e.startsWith(".") && statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

async function load(dir) {
  const blocks = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tf")).sort()) {
    const path = join(dir, file);
    try {
      blocks.push({ file: path, json: await parse(file, readFileSync(path, "utf8")) });
    } catch (e) {
      problem(path, `does not parse: ${String(e.message ?? e).split("\n")[0]}`);
    }
  }
  return blocks;
}

/** Every (name, block) of one kind across a folder's files, e.g. all("variable"). */
function all(blocks, kind) {
  const out = [];
  for (const { file, json } of blocks) {
    for (const [name, list] of Object.entries(json[kind] ?? {})) {
      for (const body of [].concat(list)) out.push({ file, name, body });
    }
  }
  return out;
}

function walkValues(value, path, visit) {
  if (Array.isArray(value)) value.forEach((v, i) => walkValues(v, path, visit));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) {
    visit(k, v, path.concat(k));
    walkValues(v, path.concat(k), visit);
  }
}

const modules = new Map();
for (const dir of dirsWithTf(root)) modules.set(dir, await load(dir));

for (const [dir, blocks] of modules) {
  const isModule = relative(root, dir).split("/").includes("modules");
  // Variables: typed and described.
  for (const v of all(blocks, "variable")) {
    if (!v.body.type) problem(v.file, `variable "${v.name}" has no type`);
    if (!v.body.description || !String(v.body.description).trim()) problem(v.file, `variable "${v.name}" has no description`);
    if (SECRET_KEY.test(v.name) && typeof v.body.default === "string" && v.body.default !== "") {
      problem(v.file, `variable "${v.name}" has a literal default: secrets come from outside the code`);
    }
  }
  // Providers: every one used is pinned in required_providers.
  const required = {};
  let requiredVersion = null;
  for (const { json } of blocks) {
    for (const t of [].concat(json.terraform ?? [])) {
      if (t.required_version) requiredVersion = t.required_version;
      for (const rp of [].concat(t.required_providers ?? [])) Object.assign(required, rp);
    }
  }
  for (const [name, spec] of Object.entries(required)) {
    const version = typeof spec === "object" ? spec.version : spec;
    if (!version) problem(dir, `provider "${name}" has no version in required_providers`);
    else if (!PINNED.test(String(version).trim())) problem(dir, `provider "${name}" is not pinned: "${version}" (use "~> x.y.z" or an exact version)`);
    if (typeof spec === "object" && !spec.source) problem(dir, `provider "${name}" has no source`);
  }
  const used = new Set();
  for (const kind of ["resource", "data"]) {
    for (const { json } of blocks) {
      for (const type of Object.keys(json[kind] ?? {})) if (!BUILTIN.has(type)) used.add(type.split("_")[0]);
    }
  }
  for (const p of all(blocks, "provider")) used.add(p.name);
  for (const name of used) {
    if (!required[name]) problem(dir, `uses provider "${name}" but does not pin it in required_providers`);
  }
  if (blocks.length && !requiredVersion) problem(dir, "has no terraform { required_version }");

  // Module calls: only declared variables, all required ones.
  for (const call of all(blocks, "module")) {
    const source = String(call.body.source ?? "");
    if (!source.startsWith("./") && !source.startsWith("../")) {
      problem(call.file, `module "${call.name}" comes from "${source}": only local modules are checked here`);
      continue;
    }
    const target = resolve(dir, source);
    const targetBlocks = modules.get(target);
    if (!targetBlocks) {
      problem(call.file, `module "${call.name}": source ${source} is no folder with .tf files`);
      continue;
    }
    const declared = new Map(all(targetBlocks, "variable").map((v) => [v.name, v.body]));
    for (const arg of Object.keys(call.body)) {
      if (!META_ARGS.has(arg) && !declared.has(arg)) problem(call.file, `module "${call.name}" passes "${arg}", which ${source} does not declare`);
    }
    for (const [name, body] of declared) {
      if (!("default" in body) && !(name in call.body)) problem(call.file, `module "${call.name}" does not pass "${name}", which ${source} requires`);
    }
  }

  // No secret literals, no local-exec.
  for (const { file, json } of blocks) {
    walkValues(json, [], (key, value, path) => {
      if (typeof value === "string") {
        if (SECRET_KEY.test(key) && value !== "" && !value.includes("${") && path[0] !== "variable" && path[0] !== "output") {
          problem(file, `${path.join(".")} is a literal: a secret must come from a variable, a generator or a secret store`);
        }
        for (const [pattern, what] of SECRET_VALUE) if (pattern.test(value)) problem(file, `${path.join(".")} holds ${what}`);
      }
      if (key === "provisioner" || key === "local-exec") {
        problem(file, `${path.join(".")}: no provisioners (and never local-exec kubectl): use a provider`);
      }
    });
  }

  // Layout: four files and a README per module; gateway URL and dashboards per environment.
  if (isModule) {
    for (const f of ["main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"]) {
      if (!existsSync(join(dir, f))) problem(dir, `module has no ${f}`);
    }
  } else {
    const outputs = new Set(all(blocks, "output").map((o) => o.name));
    const wanted = createsCluster(dir) ? ["cluster_name", "cluster_location"] : ["gateway_url", "grafana_command"];
    for (const o of wanted) if (!outputs.has(o)) problem(dir, `environment has no output "${o}"`);
  }
}

// --- Ordering and ownership ------------------------------------------------------------------------------------

const KUBE_PROVIDERS = new Set(["kubernetes", "helm", "kubectl", "kustomization"]);
const text = (value) => JSON.stringify(value ?? "");

/** Calls visit(string, path) for every string, in objects and arrays alike. */
function forEachString(value, path, visit) {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => forEachString(v, path.concat(String(i)), visit));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) forEachString(v, path.concat(k), visit);
}

/** Every resource of a folder as (file, type, name, body). */
function resources(blocks) {
  const out = [];
  for (const { file, json } of blocks) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, list] of Object.entries(byName)) for (const body of [].concat(list)) out.push({ file, type, name, body });
    }
  }
  return out;
}

/** True when a folder, or a local module it calls, creates a Kubernetes cluster. */
function createsCluster(dir, seen = new Set()) {
  if (seen.has(dir)) return false;
  seen.add(dir);
  const blocks = modules.get(dir) ?? [];
  for (const { json } of blocks) {
    if (Object.keys(json.resource ?? {}).some((t) => /^(google_container_cluster|aws_eks_cluster|azurerm_kubernetes_cluster)$/.test(t))) return true;
  }
  return all(blocks, "module").some((m) => String(m.body.source ?? "").startsWith(".") && createsCluster(resolve(dir, String(m.body.source)), seen));
}

for (const [dir, blocks] of modules) {
  const isModule = relative(root, dir).split("/").includes("modules");
  if (!isModule && createsCluster(dir)) {
    for (const p of all(blocks, "provider")) {
      if (KUBE_PROVIDERS.has(p.name)) {
        problem(p.file, `provider "${p.name}" is configured from a cluster this root creates: the first plan cannot `
          + "know it; put the cluster in a root of its own and the platform in another");
      }
    }
  }
  for (const call of all(blocks, "module")) {
    if (call.body.depends_on) {
      problem(call.file, `module "${call.name}" has depends_on: every data source in it waits for apply and a for_each `
        + "over them is unknown at plan time (Invalid for_each argument); pass outputs instead, or split the root");
    }
  }
  for (const { file, json } of blocks) {
    for (const type of Object.keys(json.resource ?? {}).concat(Object.keys(json.data ?? {}))) {
      if (type.startsWith("kustomization_")) {
        problem(file, `${type}: Terraform applies the application; the pipeline owns it (ci/deploy), or an apply reverts a release`);
      }
    }
    forEachString(json, [], (value, path) => {
      if (/knative\/overlays/.test(value) && !path.includes("description")) {
        problem(file, `${path.join(".")} points at knative/overlays: the application is the pipeline's (ci/deploy), not Terraform's`);
      }
      if (/watchNamespaces|watchedNamespace/.test(value) && !/kubernetes_namespace\./.test(value)) {
        problem(file, `${path.join(".")}: an operator watches a namespace this module does not create first `
          + "(reference a kubernetes_namespace here, so it exists before the release)");
      }
    });
  }
  const releaseApplies = resources(blocks).filter((r) => /kubectl_file_documents|knative_objects/.test(text(r.body.for_each)));
  if (releaseApplies.length && !blocks.some(({ json }) => /kind: Namespace/.test(text(json)))) {
    problem(dir, "applies release manifests document by document but never applies their Namespaces first (filter kind: Namespace)");
  }
  for (const r of releaseApplies) {
    if (!r.body.depends_on && !/namespaces/.test(r.name)) {
      problem(r.file, `resource "${r.name}" applies a release's documents in parallel with no depends_on: order it after the `
        + "Namespaces and CRDs it needs");
    }
  }
  // The public URL: wherever Knative's config-network is set, HTTPS is on for external domains (cert-manager).
  const network = blocks.filter(({ json }) => /config-network/.test(text(json)));
  if (network.length && !network.some(({ json }) => /external-domain-tls[^,]*Enabled/.test(text(json)))) {
    problem(dir, "configures Knative's config-network without external-domain-tls: Enabled: bearer tokens would cross the internet in clear");
  }
  const enablesApis = blocks.some(({ json }) => json.resource?.google_project_service);
  for (const r of resources(blocks)) {
    if (enablesApis && ["google_service_account", "google_iam_workload_identity_pool"].includes(r.type)
        && !/google_project_service/.test(text(r.body.depends_on))) {
      problem(r.file, `${r.type}.${r.name} does not depend on google_project_service: in a fresh project the API is not on yet`);
    }
  }
}

if (modules.size === 0) problem(root, "no .tf files found");
for (const p of problems) console.log(p);
console.log(`${modules.size} Terraform folders checked, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
