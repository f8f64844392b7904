#!/usr/bin/env node
// Winpath's command line. The sources are TypeScript, run through tsx's loader (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
