/** The e2e suite builds and launches the extension the same way `npm start` does. */
export {
  buildExtension,
  launchExtension,
  type LaunchedExtension,
} from '../../scripts/extension-runner';
