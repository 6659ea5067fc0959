// Each module's CLI commands register themselves on import.
export {};
