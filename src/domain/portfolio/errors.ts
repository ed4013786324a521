// The portfolio's own error codes; their messages live in the portfolio namespace (portfolio:errors.*).
import { AppError, type ErrorParams } from "../../errors.js";

export const PORTFOLIO_ERRORS = {
  TRACE_LOCKED: 409,
  TRACE_ALREADY_DECIDED: 409,
  TRACE_TAG_UNKNOWN: 400,
  TRACE_TYPE_NOT_FOUND: 404,
  TRACE_LINK_INVALID: 400,
  TRACE_LINK_LIMIT: 400,
  FILE_EMPTY: 400,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_REFUSED: 415,
  FILE_LIMIT_REACHED: 400,
  FILE_MISSING: 400,
  COMMENT_LIMIT_REACHED: 409,
  COMMENT_RATE_LIMITED: 429,
  DRAFT_TOO_LARGE: 413,
} as const;
export type PortfolioErrorCode = keyof typeof PORTFOLIO_ERRORS;

export class PortfolioError extends AppError {
  constructor(
    override readonly code: PortfolioErrorCode,
    params: ErrorParams = {},
    detail?: string,
  ) {
    super(code, PORTFOLIO_ERRORS[code], `portfolio:errors.${code}`, params, detail);
  }
}

export function isPortfolioErrorCode(value: string): value is PortfolioErrorCode {
  return Object.hasOwn(PORTFOLIO_ERRORS, value);
}
