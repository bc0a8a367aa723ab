// Preloaded with `node --require`: when the process exits, writes the file of every CommonJS module it loaded (our
// compiled code and the packages it required, also those reached through a dynamic import()) to MODULE_RECORD_PATH.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.MODULE_RECORD_PATH, Object.keys(require.cache).join('\n'));
});
