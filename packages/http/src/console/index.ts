// What every service's browser console shares: page security, sessions in a cookie, its assets.
export { consoleAssets } from "./assets.js";
export { CONSOLE_CSP, crossSiteProblem, refuseCrossSite, securedHtml } from "./security.js";
export {
  CONSOLE_HEADER,
  consoleSessions,
  refuseCrossSiteWrites,
  SESSION_HOURS,
  type SessionStore,
  sessionCookie,
} from "./session.js";
export {
  type ConsoleShell,
  consoleHead,
  type FrameWords,
  framePage,
  LANGUAGES,
  type Language,
  languageOf,
  otherLanguage,
  registerConsoleShell,
  type SignInWords,
  scriptJson,
  signInWordsOf,
} from "./shell.js";
