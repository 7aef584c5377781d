export { default } from "@kefu/config/eslint";
