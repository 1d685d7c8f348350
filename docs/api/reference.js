// Renders the API's OpenAPI document (/v1/openapi.json) as a reference page, with plain DOM
// calls (no innerHTML, no dependencies): served by Kring itself, under a CSP without inline scripts.

const SPEC_URL = "/v1/openapi.json";

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function resolve(spec, schema) {
  let found = schema || {};
  for (let depth = 0; found.$ref && depth < 20; depth += 1) {
    const parts = found.$ref.replace(/^#\//, "").split("/");
    found = parts.reduce((node, part) => (node ? node[part] : undefined), spec) || {};
  }
  return found;
}

function typeName(spec, schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map((s) => typeName(spec, s)).join(" | ");
  if (schema.type === "array") return `${typeName(spec, schema.items)}[]`;
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  return schema.type || "object";
}

function constraints(schema) {
  const said = [];
  for (const key of ["minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "pattern", "format"]) {
    if (schema[key] !== undefined) said.push(`${key} ${schema[key]}`);
  }
  if (schema.default !== undefined) said.push(`default ${JSON.stringify(schema.default)}`);
  return said.join(", ");
}

function schemaTable(spec, schema, seen = new Set()) {
  const resolved = resolve(spec, schema);
  const name = schema && schema.$ref ? schema.$ref.split("/").pop() : null;
  if (name && seen.has(name)) return el("p", { class: "muted" }, `${name} (see above)`);
  const nextSeen = new Set(seen);
  if (name) nextSeen.add(name);
  const properties = resolved.properties || {};
  const required = new Set(resolved.required || []);
  if (!Object.keys(properties).length) return el("p", {}, el("code", {}, typeName(spec, schema)));
  const rows = Object.entries(properties).map(([field, property]) => {
    const inner = resolve(spec, property.items || property);
    const nested = inner.properties ? schemaTable(spec, property.items || property, nextSeen) : null;
    return el(
      "tr",
      {},
      el("td", {}, el("code", {}, field), required.has(field) ? " *" : ""),
      el("td", {}, el("code", {}, typeName(spec, property))),
      el("td", {}, property.description || inner.description || "", " ",
        el("span", { class: "muted" }, constraints(property)), nested),
    );
  });
  return el("table", {}, el("tr", {}, el("th", {}, "field"), el("th", {}, "type"), el("th", {}, "")), ...rows);
}

function parametersTable(spec, parameters) {
  if (!parameters || !parameters.length) return null;
  const rows = parameters.map((p) =>
    el("tr", {},
      el("td", {}, el("code", {}, p.name), p.required ? " *" : ""),
      el("td", {}, p.in),
      el("td", {}, el("code", {}, typeName(spec, p.schema))),
      el("td", {}, p.description || (p.schema && p.schema.description) || "", " ",
        el("span", { class: "muted" }, constraints(p.schema || {})))));
  return el("table", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "")), ...rows);
}

function responsesTable(spec, responses) {
  const rows = Object.entries(responses || {}).map(([status, response]) => {
    const content = Object.entries(response.content || {});
    const bodies = content.map(([kind, media]) => `${kind} ${typeName(spec, media.schema)}`).join("; ");
    const headers = Object.keys(response.headers || {}).join(", ");
    return el("tr", {},
      el("td", {}, el("code", {}, status)),
      el("td", {}, response.description || ""),
      el("td", {}, el("code", {}, bodies)),
      el("td", {}, headers ? el("code", {}, headers) : ""));
  });
  return el("table", {}, el("tr", {}, el("th", {}, "status"), el("th", {}, ""), el("th", {}, "body"), el("th", {}, "headers")), ...rows);
}

function operationView(spec, method, path, operation) {
  const body = operation.requestBody && Object.values(operation.requestBody.content || {})[0];
  const success = Object.entries(operation.responses || {}).find(([status]) => /^2/.test(status));
  const successSchema = success && Object.values(success[1].content || {})[0];
  const node = el("details", { id: operation.operationId },
    el("summary", {},
      el("span", { class: "method" }, method.toUpperCase()),
      el("span", { class: "path" }, path),
      el("span", {}, operation.summary || ""),
      operation.security ? el("span", { class: "muted" }, "bearer token") : el("span", { class: "muted" }, "public")),
    operation.description ? el("p", {}, operation.description) : null,
    parametersTable(spec, operation.parameters),
    body ? el("h4", {}, "Request body") : null,
    body ? schemaTable(spec, body.schema) : null,
    successSchema && successSchema.schema ? el("h4", {}, `Response ${success[0]}`) : null,
    successSchema && successSchema.schema ? schemaTable(spec, successSchema.schema) : null,
    el("h4", {}, "Responses"),
    responsesTable(spec, operation.responses));
  node.dataset.search = `${method} ${path} ${operation.summary || ""} ${(operation.tags || []).join(" ")}`.toLowerCase();
  return node;
}

function render(spec) {
  document.getElementById("title").textContent = `${spec.info.title} ${spec.info.version}`;
  const server = (spec.servers && spec.servers[0] && spec.servers[0].url) || "/";
  document.getElementById("about").replaceChildren(
    spec.info.description || "", " Server: ", el("code", {}, server), ". ",
    el("a", { href: SPEC_URL }, "The OpenAPI document"), ".");
  const byTag = new Map();
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const [method, operation] of Object.entries(item)) {
      const tag = (operation.tags && operation.tags[0]) || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operationView(spec, method, path, operation));
    }
  }
  const tags = [...byTag.keys()].sort();
  document.getElementById("tags").replaceChildren(...tags.map((tag) => el("a", { href: `#tag-${tag}` }, tag)));
  document.getElementById("operations").replaceChildren(...tags.map((tag) =>
    el("section", { id: `tag-${tag}` }, el("h2", {}, tag.replaceAll("_", " ")), ...byTag.get(tag))));
}

function filter(text) {
  const wanted = text.trim().toLowerCase();
  for (const node of document.querySelectorAll("details")) {
    node.classList.toggle("hidden", Boolean(wanted) && !node.dataset.search.includes(wanted));
  }
}

async function main() {
  document.getElementById("filter").addEventListener("input", (event) => filter(event.target.value));
  try {
    const response = await fetch(SPEC_URL, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${SPEC_URL} answered ${response.status}`);
    render(await response.json());
  } catch (error) {
    document.getElementById("about").textContent = `The OpenAPI document could not be read: ${error.message}`;
  }
}

main();
