import "./adapter";

export * from "./core";
