// The convict peer of `expcfg dump`: a convict schema of the same fields, formats and defaults
// (made from expcfg's JSON Schema of one runner), three YAML layers loaded in order, dotted
// overrides, strict validation, the result printed as YAML.
//   node convict_dump.js SCHEMA.json FILE... [--set key=value]...
'use strict';
const fs = require('fs');
const convict = require('convict');
const yaml = require('js-yaml');

convict.addParser({ extension: ['yml', 'yaml'], parse: yaml.load });

const FORMATS = { string: String, integer: 'int', number: Number, boolean: Boolean,
                  array: Array, object: Object };

function format(spec) {
  const options = (spec.anyOf || [spec]).filter((o) => o.type !== 'null');
  const nullable = (spec.anyOf || []).some((o) => o.type === 'null');
  if (options.length !== 1) return { format: '*', nullable };
  let kind = options[0].type;
  if (Array.isArray(kind)) kind = kind.includes('string') ? '*' : kind[0];
  return { format: FORMATS[kind] || '*', nullable };
}

function convictSchema(schema) {
  const out = { runner: { format: String, default: 'embedder.encoder_only.base' } };
  for (const section of ['model', 'data', 'training', 'launch']) {
    out[section] = {};
    for (const [key, spec] of Object.entries(schema.properties[section].properties)) {
      if (key.endsWith('+')) continue;
      const { format: f, nullable } = format(spec);
      out[section][key] = { doc: spec.description || '', format: f,
                            default: spec.default === undefined ? null : spec.default,
                            nullable: nullable || spec.default === undefined };
    }
  }
  return out;
}

const args = process.argv.slice(2);
const config = convict(convictSchema(JSON.parse(fs.readFileSync(args[0], 'utf8'))));
const files = [];
const sets = [];
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--set') sets.push(args[++i]);
  else files.push(args[i]);
}
config.loadFile(files);  // merged in order
for (const set of sets) {
  const [key, value] = set.split(/=(.*)/s);
  config.set(key, yaml.load(value));
}
config.validate({ allowed: 'strict' });
process.stdout.write(yaml.dump(config.getProperties()));
