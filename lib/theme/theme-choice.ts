/** What the reader chose in the user menu; "system" follows the operating system's setting. */
export type ThemeChoice = "system" | "light" | "dark";

export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];

/** Kept in localStorage (the browser's own record) and in a cookie (so the server renders the class). */
export const THEME_STORAGE_KEY = "tether-theme";
export const THEME_COOKIE = "tether-theme";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function parseThemeChoice(value: string | null | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

/** The Set-Cookie value for a choice (readable by the pre-paint script, so not HttpOnly). */
export function themeCookie(choice: ThemeChoice): string {
  return `${THEME_COOKIE}=${choice}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
}

/** The attribute on <html> holding the current choice, read by the system-preference listener. */
export const THEME_CHOICE_ATTRIBUTE = "data-theme-choice";

/**
 * Runs in <head> before the first paint: the remembered choice (localStorage, else the cookie the
 * server saw) or the system preference sets the "dark" class, so no page flashes the other theme.
 * It re-writes the cookie when only localStorage remembers the choice (a cleared or expired
 * cookie), and follows a change of the system setting while the choice is "system". Kept in ES5
 * and self-contained: it is sent as text. The CSP allows inline scripts ('unsafe-inline', see
 * next.config.js); a hash would disable that for Next.js's own inline scripts, so none is added.
 */
export const THEME_BOOT_SCRIPT = [
  "(function(){try{",
  `var key=${JSON.stringify(THEME_STORAGE_KEY)},name=${JSON.stringify(THEME_COOKIE)},attr=${JSON.stringify(THEME_CHOICE_ATTRIBUTE)};`,
  "var root=document.documentElement,stored=null;",
  "try{stored=localStorage.getItem(key)}catch(e){}",
  'var m=document.cookie.match(new RegExp("(?:^|; )"+name+"=(light|dark|system)"));',
  'var choice=stored==="light"||stored==="dark"||stored==="system"?stored:m?m[1]:"system";',
  `if(!m||m[1]!==choice)document.cookie=name+"="+choice+"; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax";`,
  "root.setAttribute(attr,choice);",
  'var query=window.matchMedia("(prefers-color-scheme: dark)");',
  'var apply=function(){var c=root.getAttribute(attr);var dark=c==="dark"||(c!=="light"&&query.matches);root.classList.toggle("dark",dark)};',
  "apply();query.addEventListener(\"change\",apply);",
  "}catch(e){}})();",
].join("");

/** Whether a choice means dark right now, given the system preference. */
export function isDark(choice: ThemeChoice, systemPrefersDark: boolean): boolean {
  return choice === "dark" || (choice === "system" && systemPrefersDark);
}
