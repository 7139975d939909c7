// ESLint for the web app (frontend/js): plain browser scripts with jQuery, one `window.TT` app
// object. Run from the repository root: `npm run --prefix tools lint:js` (scripts/test does);
// with --config the patterns are relative to the working directory.
import js from "@eslint/js";
import globals from "globals";

export default [
  { files: ["frontend/js/**/*.js"], ...js.configs.recommended },
  {
    files: ["frontend/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, jQuery: "readonly" },
    },
    rules: {
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-use-before-define": ["error", { functions: false }],
      strict: ["error", "function"],
      // Architecture: api.js is the only place that talks to the server.
      "no-restricted-properties": [
        "error",
        { object: "$", property: "ajax", message: "Only js/api.js calls $.ajax." },
        { object: "jQuery", property: "ajax", message: "Only js/api.js calls $.ajax." },
      ],
    },
  },
  // The service worker: a worker's globals, no jQuery, no app object.
  {
    files: ["frontend/sw.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2020, sourceType: "script", globals: { ...globals.serviceworker } },
    rules: { eqeqeq: ["error", "always"], "no-shadow": "error", strict: ["error", "function"] },
  },
  {
    files: ["frontend/js/api.js"],
    rules: { "no-restricted-properties": "off" },
  },
];
