import 'reflect-metadata';
import fs from 'node:fs';
import { printSchemaSdl } from '../schema.js';

/** Writes schema.graphql from the type-graphql resolvers (`npm run schema`). */
const target = new URL('../../../schema.graphql', import.meta.url);
fs.writeFileSync(target, await printSchemaSdl());
console.log(`wrote ${target.pathname}`);
