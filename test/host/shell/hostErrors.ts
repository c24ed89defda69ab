declare global {
  interface Window {
    /** Every plugin load or render failure the host saw, for tests to read. */
    __conduitHostErrors: string[];
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}

/** Records a failure where tests can read it and logs it, so a console check catches it too. */
export function reportHostError(context: string, error: unknown): string {
  const message = `${context}: ${messageOf(error)}`;
  window.__conduitHostErrors = [...(window.__conduitHostErrors ?? []), message];
  console.error(message, error);
  return message;
}
