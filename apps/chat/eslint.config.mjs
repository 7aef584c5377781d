import config from "@kefu/config/eslint";

// public/widget-assets is the widget's build output (build-widget.ts).
export default [{ ignores: ["public/widget-assets/**"] }, ...config];
