// Confluent's own JavaScript schema-registry client, driven by InteropTest (Java) to prove that Glimpse
// and Confluent read each other's bytes. Usage:
//   node interop.js serialize   <registryUrl> <topic> <schema.avsc> <frame.json> <out.bin>
//       registers the schema under <topic>-value, then serializes the JSON record with Confluent's
//       AvroSerializer (bytes fields are base64 in the JSON)
//   node interop.js deserialize <registryUrl> <topic> <in.bin> <out.json>
//       deserializes with Confluent's AvroDeserializer and writes the record as JSON
//       (bytes fields as base64, longs as decimal strings)
'use strict';
const fs = require('fs');
const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

function toJson(value) {
  return JSON.stringify(value, (key, v) => {
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data).toString('base64');
    if (typeof v === 'bigint') return v.toString();
    return v;
  }, 2);
}

async function main() {
  const [command, url, topic, ...files] = process.argv.slice(2);
  const client = new SchemaRegistryClient({ baseURLs: [url] });
  if (command === 'serialize') {
    const [schemaFile, inFile, outFile] = files;
    const record = JSON.parse(fs.readFileSync(inFile, 'utf8'));
    record.data = Buffer.from(record.data, 'base64');
    await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: fs.readFileSync(schemaFile, 'utf8') });
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
    fs.writeFileSync(outFile, await serializer.serialize(topic, record));
  } else if (command === 'deserialize') {
    const [inFile, outFile] = files;
    const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
    const record = await deserializer.deserialize(topic, fs.readFileSync(inFile));
    fs.writeFileSync(outFile, toJson(record));
  } else {
    throw new Error(`unknown command ${command}`);
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
