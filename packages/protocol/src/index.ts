export * from "./events.js";
export * from "./messages.js";
export * from "./presence.js";
export * from "./private-messages.js";
export * from "./result.js";
export * from "./rooms.js";
export * from "./users.js";
export * from "./version.js";
