// Each module's CLI commands register themselves on import.
import './modules/catalog/cli.js';
import './modules/users/cli.js';
