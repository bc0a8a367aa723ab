import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The tab is built into dist/tab and served by Express at /tab. JSX goes through Vite 8's built-in oxc
// transform (no React plugin); vendors get their own long-cached chunks so an app change re-downloads little.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/tab/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/tab', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      // Fluent marks its modules 'use client' for React Server Components; in a client-only bundle the directive
      // means nothing, so dropping it is correct and the warning is noise. Every other warning still shows.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use client"')) return;
        warn(warning);
      },
      output: {
        codeSplitting: {
          // Groups take only the modules they name: otherwise the chart groups would also swallow helpers the
          // entry shares with them (@swc/helpers…) and the entry would preload the charts it does not use.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 40 },
            // The charts load only with the Overview's charts (a lazy chunk); d3 and the shared chart
            // machinery (axes, legends, callouts) apart keep each chunk under 500 kB.
            { name: 'd3', test: /node_modules[\\/](d3-[^\\/]+|internmap)[\\/]/, priority: 35 },
            {
              name: 'charts-core',
              test: /node_modules[\\/]@fluentui[\\/](chart-utilities|react-charts[\\/]lib[\\/](utilities|components[\\/](CommonComponents|Legends)))[\\/]/,
              priority: 32,
            },
            {
              name: 'charts',
              test: /node_modules[\\/]@fluentui[\\/](react-charts|chart-utilities)[\\/]/,
              priority: 30,
            },
            { name: 'teams', test: /node_modules[\\/](@microsoft[\\/]teams-js|base64-js|debug|ms)[\\/]/, priority: 20 },
            // Only the Fluent code the first screen needs (icons, the styling/focus engines, then the components);
            // what only the charts use loads with them.
            {
              name: 'icons',
              test: /node_modules[\\/]@fluentui[\\/]react-icons[\\/]/,
              tags: ['$initial'],
              priority: 14,
            },
            {
              name: 'fluent-base',
              test: /node_modules[\\/](@griffel|tabster|keyborg|@floating-ui|@fluentui[\\/](tokens|react-theme|react-utilities|react-shared-contexts|react-tabster|react-positioning|react-portal|react-motion[^\\/]*|react-provider|react-jsx-runtime))[\\/]/,
              tags: ['$initial'],
              priority: 12,
            },
            {
              name: 'fluent',
              test: /node_modules[\\/](@fluentui|@griffel|tabster|keyborg|@floating-ui)[\\/]/,
              tags: ['$initial'],
              priority: 10,
            },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3978' } },
});
