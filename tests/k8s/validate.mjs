// Validates the deployment material against the Kubernetes API schema and against what the silo really serves:
// every object in k8s/ (the kustomize base, rendered from kustomization.yaml, plus the Secret template) through
// kubernetes-models' validate(); ports, probe paths and configuration keys against src/ (appsettings.json and the
// C# options classes); deploy/Dockerfile and deploy/compose.yaml against the same.
//   npm ci --prefix tests/k8s && node tests/k8s/validate.mjs
// Prints one line per check and "N passed, N failed"; exits 1 if any failed.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (path) => readFileSync(join(root, path), "utf8");

// The contract the silo serves (issue 11): health paths on the admin endpoint only.
const probePaths = { startupProbe: "/health/startup", readinessProbe: "/health/ready", livenessProbe: "/health/live" };
// Environment variables that are not the silo's own configuration keys, and who reads them.
const otherVariables = new Set([
  "POD_NAME", "POD_NAMESPACE", "POD_IP",                 // downward API: AdvertisedAddress default, Kubernetes hosting
  "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID",            // Microsoft.Orleans.Hosting.Kubernetes
  "ASPNETCORE_HTTP_PORTS",                               // cleared in the image so only the Kestrel endpoints bind
  "DOTNET_GCGen0MaxBudget",                              // the runtime's GC (docs/performance.md, "The gen-0 budget")
]);

let passed = 0;
let failed = 0;
function check(name, condition, detail = "") {
  if (condition) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`); }
}
const same = (name, actual, expected) =>
  check(name, JSON.stringify(actual) === JSON.stringify(expected), `expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);

// ---------- what the silo serves, read from its source ----------

const appsettings = JSON.parse(read("src/Waterfall.Silo/appsettings.json"));
const endpoints = Object.fromEntries(Object.entries(appsettings.Kestrel.Endpoints)
  .map(([name, e]) => [name, { port: Number(new URL(e.Url).port), protocols: e.Protocols }]));
same("appsettings.json declares the Grpc, Admin and Http endpoints", Object.keys(endpoints).sort(), ["Admin", "Grpc", "Http"]);

function sourceFiles(dir, out = []) {
  for (const entry of readdirSync(join(root, dir))) {
    const path = join(dir, entry);
    if (entry === "bin" || entry === "obj" || entry === "node_modules") continue;
    if (statSync(join(root, path)).isDirectory()) sourceFiles(path, out);
    else if (entry.endsWith(".cs")) out.push(path);
  }
  return out;
}
const sources = sourceFiles("src").map((path) => ({ path, text: read(path) }));

// Classes and their settable properties, from every C# file under src/ (by simple name; same-named classes merge).
const classes = new Map();
for (const { text } of sources) {
  const declaration = /\b(?:class|record)\s+(\w+)[^{;]*\{/g;
  let match;
  while ((match = declaration.exec(text))) {
    let depth = 1, i = declaration.lastIndex;
    for (; i < text.length && depth > 0; i++) depth += text[i] === "{" ? 1 : text[i] === "}" ? -1 : 0;
    const body = text.slice(declaration.lastIndex, i - 1);
    const properties = classes.get(match[1])?.properties ?? new Map();
    for (const p of body.matchAll(/public\s+(?!static|const)([\w.<>\[\],?\s]+?)\s+(\w+)\s*\{\s*get;\s*(?:set|init);/g))
      properties.set(p[2].toLowerCase(), p[1].replace(/\s+/g, ""));
    const sections = [...body.matchAll(/const\s+string\s+(?:Section|SectionName)\s*=\s*"([^"]+)"/g)].map((s) => s[1]);
    classes.set(match[1], { properties, sections: [...(classes.get(match[1])?.sections ?? []), ...sections] });
  }
}
// Where each options class is bound: its Section constant, and any AddOptions<T>().BindConfiguration("literal").
const roots = [];
for (const [name, c] of classes) for (const section of c.sections) roots.push({ path: section.split(":"), type: name });
for (const { text } of sources)
  for (const b of text.matchAll(/AddOptions<(\w+)>\(\)\s*\.BindConfiguration\("([^"]+)"\)/g)) roots.push({ path: b[2].split(":"), type: b[1] });
// Keys read one by one (configuration.GetValue<bool>("Waterfall:Demo:Enabled"), const string Setting = "...").
const literalKeys = new Set();
for (const { text } of sources) for (const k of text.matchAll(/"(Waterfall(?::\w+)+)"/g)) literalKeys.add(k[1].toLowerCase());

const collection = /^(?:List|IList|IReadOnlyList|ICollection|IReadOnlyCollection|IEnumerable)<(.+)>$|^(.+)\[\]$/;
const dictionary = /^(?:Dictionary|IDictionary|IReadOnlyDictionary)<[^,]+,(.+)>$/;
function bindsType(type, segments) {
  if (segments.length === 0) return true;
  type = type.replace(/\?$/, "");
  const list = type.match(collection);
  if (list) return /^\d+$/.test(segments[0]) && bindsType(list[1] ?? list[2], segments.slice(1));
  const dict = type.match(dictionary);
  if (dict) return bindsType(dict[1], segments.slice(1));
  const c = classes.get(type.split(".").pop());
  if (!c) return false; // a scalar cannot have children
  const property = c.properties.get(segments[0].toLowerCase());
  return property !== undefined && bindsType(property, segments.slice(1));
}
/** Whether Waterfall__A__B names a real setting: a property path under a bound options class, or a key read directly. */
function isSiloSetting(variable) {
  const segments = variable.split("__");
  if (literalKeys.has(segments.join(":").toLowerCase())) return true;
  return roots.some(({ path, type }) =>
    path.length <= segments.length
    && path.every((p, i) => p.toLowerCase() === segments[i].toLowerCase())
    && bindsType(type, segments.slice(path.length)));
}
function isKnownVariable(variable) {
  if (variable.startsWith("Waterfall__")) return isSiloSetting(variable);
  const kestrel = variable.match(/^Kestrel__Endpoints__(\w+)__(\w+)$/);
  if (kestrel) return kestrel[1] in endpoints && ["Url", "Protocols"].includes(kestrel[2]);
  return otherVariables.has(variable);
}
// The key check itself must be able to fail: a misspelt key is refused, real ones of each shape pass.
check("key check refuses a misspelt key (Waterfall__Store__Knd)", !isKnownVariable("Waterfall__Store__Knd"));
check("key check refuses a child of a scalar (Waterfall__Store__Kind__X)", !isKnownVariable("Waterfall__Store__Kind__X"));
check("key check refuses an endpoint the silo does not have", !isKnownVariable("Kestrel__Endpoints__Metrics__Url"));
check("key check accepts nested, dictionary and list keys",
  ["Waterfall__Store__Postgres__ConnectionString", "Waterfall__Tenants__acme__ApiKeys__0__Sha256", "Waterfall__Cluster__SiloPort"]
    .every(isKnownVariable));

const intDefault = (cls, property) => {
  for (const { text } of sources) {
    const m = text.match(new RegExp(`class\\s+${cls}\\b[\\s\\S]*?int\\s+${property}\\s*\\{\\s*get;\\s*set;\\s*\\}\\s*=\\s*([\\d_]+)`));
    if (m) return Number(m[1].replaceAll("_", ""));
  }
  return undefined;
};
const siloPort = intDefault("ClusterOptions", "SiloPort");
const gatewayPort = intDefault("ClusterOptions", "GatewayPort");
check("ClusterOptions' default silo and gateway ports are found in the source", siloPort > 0 && gatewayPort > 0, `${siloPort}, ${gatewayPort}`);

const program = read("src/Waterfall.Silo/Program.cs");
// The command word Program.cs compares args[0] with, in the block that calls StoreConfiguration.MigrateAsync.
const migrateCommand = program.match(/args\[0\]\s*==\s*"(\w+)"\)[^]*?StoreConfiguration\.MigrateAsync/)?.[1];
same("Program.cs runs migrations on the `migrate` command", migrateCommand, "migrate");

// ---------- Kubernetes: render the base, validate every object ----------

const parseYaml = (path) => parseAllDocuments(read(path), { merge: true }).map((doc) => {
  if (doc.errors.length) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join("; ")}`);
  return doc.toJS();
}).filter((o) => o !== null);

const kustomization = parseYaml("k8s/kustomization.yaml")[0];
const supported = new Set(["apiVersion", "kind", "resources", "images"]);
same("kustomization.yaml uses only what this renderer applies (resources, images)",
  Object.keys(kustomization).filter((k) => !supported.has(k)), []);
const base = kustomization.resources.flatMap((file) => parseYaml(`k8s/${file}`).map((object) => ({ file, object })));
for (const { object } of base)
  for (const container of object.spec?.template?.spec?.containers ?? []) {
    const image = kustomization.images?.find((i) => i.name === container.image);
    if (image) container.image = `${image.newName ?? image.name}${image.newTag ? `:${image.newTag}` : ""}`;
  }
const k8sFiles = readdirSync(join(root, "k8s")).filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml");
const templates = k8sFiles.filter((f) => !kustomization.resources.includes(f));
same("every manifest in k8s/ is a base resource except the Secret template", templates, ["secret.template.yaml"]);
const all = [...base, ...templates.flatMap((file) => parseYaml(`k8s/${file}`).map((object) => ({ file, object })))];

for (const { file, object } of all) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const module = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  const Model = module[object.kind];
  if (!Model) { check(`${file}: ${object.kind} is a ${object.apiVersion} kind`, false); continue; }
  let error = "";
  try { new Model(object).validate(); } catch (e) { error = e.message; }
  check(`${file}: ${object.kind}/${object.metadata?.name} validates against the ${object.apiVersion} schema`, error === "", error);
  check(`${file}: ${object.kind}/${object.metadata?.name} names no namespace (the base is namespace-agnostic)`, object.metadata?.namespace === undefined);
}

const find = (kind, name) => all.find((o) => o.object.kind === kind && (!name || o.object.metadata.name === name))?.object;
const deployment = find("Deployment");
const configMap = find("ConfigMap");
const secret = find("Secret");
const job = find("Job");
const pod = deployment.spec.template.spec;
const silo = pod.containers[0];
const portsByName = Object.fromEntries(silo.ports.map((p) => [p.name, p.containerPort]));

same("the silo container serves gRPC on the Grpc endpoint's port", portsByName.grpc, endpoints.Grpc.port);
same("the silo container serves admin on the Admin endpoint's port", portsByName.admin, endpoints.Admin.port);
same("the silo container serves HTTP on the Http endpoint's port", portsByName.http, endpoints.Http.port);
same("the silo port matches Waterfall:Cluster:SiloPort", [portsByName.silo, Number(configMap.data.Waterfall__Cluster__SiloPort ?? siloPort)], [siloPort, siloPort]);
same("the gateway port matches Waterfall:Cluster:GatewayPort", [portsByName.gateway, Number(configMap.data.Waterfall__Cluster__GatewayPort ?? gatewayPort)], [gatewayPort, gatewayPort]);
check("the admin endpoint speaks HTTP/1.1, which kubelet probes need", endpoints.Admin.protocols === "Http1", endpoints.Admin.protocols);

for (const [probe, path] of Object.entries(probePaths)) {
  const get = silo[probe]?.httpGet;
  same(`${probe} asks ${path} on the admin port`, [get?.path, portsByName[get?.port] ?? get?.port], [path, endpoints.Admin.port]);
}

same("three replicas", deployment.spec.replicas, 3);
same("rollouts never take a silo away before its replacement is ready (maxUnavailable 0)", deployment.spec.strategy?.rollingUpdate?.maxUnavailable, 0);
const timeSpanSeconds = (text) => { const m = /^(\d+):(\d\d):(\d\d)$/.exec(text ?? ""); return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN; };
const shutdownSeconds = timeSpanSeconds(configMap.data.Waterfall__Host__ShutdownTimeout);
check("terminationGracePeriodSeconds is above the host's shutdown timeout (Waterfall__Host__ShutdownTimeout)",
  shutdownSeconds > 0 && pod.terminationGracePeriodSeconds > shutdownSeconds, `${pod.terminationGracePeriodSeconds} vs ${shutdownSeconds}`);
check("silos spread over nodes (podAntiAffinity on the pod labels)",
  (pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    .some((t) => Object.entries(t.podAffinityTerm.labelSelector.matchLabels).every(([k, v]) => deployment.spec.template.metadata.labels[k] === v)));
check("resources requested and memory limited", silo.resources?.requests?.cpu && silo.resources?.requests?.memory && silo.resources?.limits?.memory);
for (const [name, spec, container] of [["silo", pod, silo], ["migrate job", job.spec.template.spec, job.spec.template.spec.containers[0]]]) {
  check(`${name}: runs as non-root uid 1654 (the image's app user)`, spec.securityContext?.runAsNonRoot === true && spec.securityContext?.runAsUser === 1654);
  check(`${name}: read-only root filesystem with an emptyDir on /tmp`,
    container.securityContext?.readOnlyRootFilesystem === true
    && container.volumeMounts?.some((m) => m.mountPath === "/tmp" && spec.volumes.find((v) => v.name === m.name)?.emptyDir));
}

const labels = deployment.spec.template.metadata.labels;
const selects = (selector) => Object.entries(selector).every(([k, v]) => labels[k] === v);
check("the Deployment's selector matches its pods", selects(deployment.spec.selector.matchLabels));
same("pod label orleans/serviceId equals Waterfall__Cluster__ServiceId", labels["orleans/serviceId"], configMap.data.Waterfall__Cluster__ServiceId);
same("pod label orleans/clusterId equals Waterfall__Cluster__ClusterId", labels["orleans/clusterId"], configMap.data.Waterfall__Cluster__ClusterId);

const publicService = find("Service", "waterfall");
const adminService = find("Service", "waterfall-admin");
check("the public Service selects the silo pods", selects(publicService.spec.selector));
same("the public Service carries gRPC and HTTP only",
  publicService.spec.ports.map((p) => portsByName[p.targetPort] ?? p.targetPort).sort(), [endpoints.Grpc.port, endpoints.Http.port].sort());
check("the public Service does not carry the admin port",
  !publicService.spec.ports.some((p) => p.targetPort === "admin" || p.targetPort === endpoints.Admin.port || p.port === endpoints.Admin.port));
check("the admin Service is headless, internal, and selects the silo pods",
  adminService.spec.clusterIP === "None" && (adminService.spec.type ?? "ClusterIP") === "ClusterIP" && selects(adminService.spec.selector));
same("the admin Service carries the admin port only", adminService.spec.ports.map((p) => portsByName[p.targetPort] ?? p.targetPort), [endpoints.Admin.port]);
const pdb = find("PodDisruptionBudget");
check("the PodDisruptionBudget covers the silo pods and lets at least one go", selects(pdb.spec.selector.matchLabels) && (pdb.spec.maxUnavailable >= 1 || pdb.spec.minAvailable < 3));

same("the migration Job runs the silo's migrate command", job.spec.template.spec.containers[0].args, [migrateCommand]);
same("the migration Job runs the same image as the silos", job.spec.template.spec.containers[0].image, silo.image);

// Every variable a silo or the Job gets, wherever it comes from, names a real setting.
const variables = [
  ...Object.keys(configMap.data).map((k) => ["configmap.yaml", k]),
  ...Object.keys(secret.stringData ?? {}).map((k) => ["secret.template.yaml", k]),
  ...(silo.env ?? []).map((e) => ["deployment.yaml", e.name]),
  ...(job.spec.template.spec.containers[0].env ?? []).map((e) => ["migrate-job.yaml", e.name]),
];
for (const [file, name] of variables) check(`${file}: ${name} is a setting the silo (or its host) reads`, isKnownVariable(name));
same("the pods take their settings from the ConfigMap and the Secret",
  silo.envFrom.map((e) => e.configMapRef?.name ?? e.secretRef?.name), [configMap.metadata.name, secret.metadata.name]);
for (const { name, valueFrom } of [...silo.env, ...job.spec.template.spec.containers[0].env].filter((e) => e.valueFrom?.configMapKeyRef || e.valueFrom?.secretKeyRef)) {
  const ref = valueFrom.configMapKeyRef ?? valueFrom.secretKeyRef;
  const source = valueFrom.configMapKeyRef ? configMap : secret;
  check(`${name} refers to a key that exists (${source.kind} ${ref.key})`,
    ref.name === source.metadata.name && ref.key in (source.data ?? source.stringData ?? {}));
}
const advertised = silo.env.find((e) => e.name === "Waterfall__Cluster__AdvertisedAddress");
const podIp = silo.env.findIndex((e) => e.name === "POD_IP");
check("Waterfall__Cluster__AdvertisedAddress is the pod's IP (POD_IP from the downward API, defined before it)",
  advertised?.value === "$(POD_IP)" && podIp >= 0 && podIp < silo.env.indexOf(advertised)
  && silo.env[podIp].valueFrom?.fieldRef?.fieldPath === "status.podIP");
for (const [variable, path] of [["POD_NAME", "metadata.name"], ["POD_NAMESPACE", "metadata.namespace"]])
  same(`${variable} comes from the downward API`, silo.env.find((e) => e.name === variable)?.valueFrom?.fieldRef?.fieldPath, path);
if (String(configMap.data.Waterfall__Cluster__Kubernetes).toLowerCase() === "true") {
  const account = find("ServiceAccount", pod.serviceAccountName);
  const binding = all.map((o) => o.object).find((o) => o.kind === "RoleBinding" && o.subjects.some((s) => s.name === account?.metadata.name));
  const role = binding && find("Role", binding.roleRef.name);
  check("Kubernetes hosting on: the pods' ServiceAccount may get, list and watch pods",
    ["get", "list", "watch"].every((v) => role?.rules.some((r) => r.resources.includes("pods") && r.verbs.includes(v))));
  check("Kubernetes hosting on: ORLEANS_SERVICE_ID and ORLEANS_CLUSTER_ID are set",
    ["ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"].every((n) => silo.env.some((e) => e.name === n)));
}
check("the Secret template holds placeholders, never a real secret",
  Object.entries(secret.stringData).filter(([k]) => /ConnectionString|Sha256|ApiKey$/.test(k)).every(([, v]) => v.includes("CHANGE-ME")));

// ---------- the image ----------

const dockerfile = read("deploy/Dockerfile");
check("the Dockerfile builds on the .NET 10 SDK and runs on the ASP.NET 10 runtime",
  /^FROM mcr\.microsoft\.com\/dotnet\/sdk:10\.0 AS build$/m.test(dockerfile) && /^FROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0/m.test(dockerfile));
check("the Dockerfile publishes with `dotnet publish src/Waterfall.Silo -c Release -o /app`",
  /^RUN dotnet publish src\/Waterfall\.Silo -c Release -o \/app$/m.test(dockerfile));
check("the image runs as the non-root app user", /^USER \$APP_UID$/m.test(dockerfile));
// ENV instructions only (continuation lines joined), not the comments that mention settings.
const envInstructions = dockerfile.replace(/\\\n/g, " ").split("\n").filter((line) => line.startsWith("ENV "));
const imageEnv = Object.fromEntries(envInstructions.flatMap((line) => [...line.slice(4).matchAll(/(\w+)=(\S*)/g)]).map(([, k, v]) => [k, v]));
for (const [name, endpoint] of Object.entries(endpoints))
  same(`the image binds the ${name} endpoint on its appsettings port, on every interface`,
    imageEnv[`Kestrel__Endpoints__${name}__Url`], `http://*:${endpoint.port}`);
for (const name of Object.keys(imageEnv)) check(`Dockerfile: ${name} is a setting the silo (or its host) reads`, isKnownVariable(name));
const exposed = dockerfile.match(/^EXPOSE (.+)$/m)?.[1].split(/\s+/).map(Number).sort() ?? [];
same("the image exposes the three endpoints and the two Orleans ports", exposed,
  [...Object.values(endpoints).map((e) => e.port), siloPort, gatewayPort].sort());
check("the embedded store's file is on the image's volume", /^VOLUME \/data$/m.test(dockerfile) && imageEnv.Waterfall__Store__Embedded__Path?.startsWith("/data/"));

// ---------- compose ----------

const compose = parseYaml("deploy/compose.yaml")[0];
const silos = Object.entries(compose.services).filter(([, s]) => s.image === "waterfall-silo:local" && !s.command);
same("compose runs two silos", silos.length, 2);
same("compose's migrate service runs the silo's migrate command", compose.services.migrate.command, [migrateCommand]);
check("compose's postgres has a healthcheck", Array.isArray(compose.services.postgres.healthcheck?.test));
check("compose's migrate waits for a healthy postgres", compose.services.migrate.depends_on?.postgres?.condition === "service_healthy");
const hostPorts = [];
for (const [name, service] of silos) {
  check(`compose ${name}: waits for a healthy postgres and a completed migrate`,
    service.depends_on?.postgres?.condition === "service_healthy" && service.depends_on?.migrate?.condition === "service_completed_successfully");
  const published = service.ports.map((p) => String(p).split(":"));
  same(`compose ${name}: publishes the three endpoints' container ports`,
    published.map((p) => Number(p.at(-1))).sort(), Object.values(endpoints).map((e) => e.port).sort());
  check(`compose ${name}: its admin port is published on loopback only`,
    published.filter((p) => Number(p.at(-1)) === endpoints.Admin.port).every((p) => p.length === 3 && p[0] === "127.0.0.1"));
  hostPorts.push(...published.map((p) => p.at(-2)));
  same(`compose ${name}: advertises the address it has on the network`,
    service.environment.Waterfall__Cluster__AdvertisedAddress, service.networks.waterfall.ipv4_address);
  check(`compose ${name}: read-only root filesystem with a tmpfs /tmp`, service.read_only === true && service.tmpfs?.includes("/tmp"));
}
same("compose's silos use distinct host ports", new Set(hostPorts).size, hostPorts.length);
for (const [name, service] of Object.entries(compose.services).filter(([n]) => n !== "postgres"))
  for (const variable of Object.keys(service.environment ?? {}))
    check(`compose ${name}: ${variable} is a setting the silo (or its host) reads`, isKnownVariable(variable));

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
