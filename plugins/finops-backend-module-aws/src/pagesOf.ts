/**
 * Every page of a paged call: `call` gets the token of the page to read (undefined for the first)
 * and may answer undefined for "no data", which ends the pages.
 */
export async function* pagesOf<T>(
  call: (token: string | undefined) => Promise<T | undefined>,
  nextToken: (page: T) => string | undefined,
): AsyncGenerator<T> {
  let token: string | undefined;
  do {
    const page = await call(token);
    if (page === undefined) {
      return;
    }
    yield page;
    token = nextToken(page) || undefined;
  } while (token);
}
