// A readable reference of the API, built from /openapi.json; FastAPI's Swagger
// page would need a CDN and an inline script, which the page's CSP forbids.
import { el } from './dom.js';

function typeOf(schema, spec) {
  if (!schema) return '';
  if (schema.$ref) return schema.$ref.split('/').pop();
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, spec)).filter((t) => t !== 'null').join(' | ');
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items, spec)}[]`;
  return schema.type || '';
}

function schemaTable(name, spec) {
  const schema = spec.components.schemas[name];
  if (!schema || !schema.properties) return null;
  const required = new Set(schema.required || []);
  const rows = Object.entries(schema.properties).map(([prop, s]) =>
    el('tr', {}, el('td', {}, el('code', { text: prop }), required.has(prop) ? ' *' : ''), el('td', { text: typeOf(s, spec) }), el('td', { text: s.description || '' })));
  return el('div', {}, el('h3', { text: name }), schema.description ? el('p', { className: 'doc', text: schema.description }) : null,
    el('table', {}, el('tr', {}, el('th', { text: 'field' }), el('th', { text: 'type' }), el('th', { text: '' })), ...rows));
}

async function main() {
  const spec = await (await fetch('/openapi.json')).json();
  document.getElementById('api-description').textContent = spec.info.description || '';
  const root = document.getElementById('endpoints');
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters || []).map((p) =>
        el('tr', {}, el('td', {}, el('code', { text: p.name }), p.required ? ' *' : ''), el('td', { text: p.in }),
          el('td', { text: typeOf(p.schema, spec) }), el('td', { text: (p.description || (p.schema && p.schema.description) || '') })));
      const body = el('div', { className: 'body' }, el('p', { className: 'doc', text: op.description || '' }));
      if (params.length) {
        body.append(el('h3', { text: 'Parameters' }),
          el('table', {}, el('tr', {}, el('th', { text: 'name' }), el('th', { text: 'in' }), el('th', { text: 'type' }), el('th', { text: '' })), ...params));
      }
      const requestBody = op.requestBody && Object.values(op.requestBody.content)[0];
      if (requestBody) {
        const ref = typeOf(requestBody.schema, spec);
        body.append(el('h3', { text: `Request body (${Object.keys(op.requestBody.content)[0]})` }));
        const table = schemaTable(ref, spec);
        if (table) body.append(table);
      }
      const responses = Object.entries(op.responses || {}).map(([code, r]) => {
        const json = r.content && r.content['application/json'];
        return el('tr', {}, el('td', { text: code }), el('td', { text: r.description || '' }), el('td', { text: json ? typeOf(json.schema, spec) : Object.keys(r.content || {}).join(', ') }));
      });
      body.append(el('h3', { text: 'Responses' }), el('table', {}, ...responses));
      const ok = op.responses && op.responses['200'] && op.responses['200'].content && op.responses['200'].content['application/json'];
      const okType = ok ? typeOf(ok.schema, spec) : null;
      const okTable = okType ? schemaTable(okType, spec) : null;
      if (okTable) body.append(okTable);
      root.append(el('details', { className: 'endpoint' },
        el('summary', {}, el('span', { className: `method ${method}`, text: method.toUpperCase() }), el('span', { className: 'path', text: path }),
          el('span', { className: 'summary', text: op.summary || '' })), body));
    }
  }
}

main();
