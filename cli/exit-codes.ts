/** Exit codes of every poolchaos command (documented in docs/cli.md). */
export const EXIT_OK = 0;
/** A verdict failed, or the server or admin API reported a failure. */
export const EXIT_FAILURE = 1;
/** Bad input: usage, config or scenario file. */
export const EXIT_BAD_INPUT = 2;
