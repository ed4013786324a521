// Multipart forms: parse (in memory, with limits), then check the CSRF token the parser just read.
import type { RequestHandler } from "express";
import multer from "multer";
import { PayloadTooLargeError, ValidationError } from "../errors.js";
import { verifyCsrf } from "./middleware/launch-session.js";

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles?: number;
  fileField?: string;
}

export function multipartForm(limits: UploadLimits): RequestHandler {
  const parser = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles ?? 1,
      fields: 100,
      fieldSize: 2 * 1024 * 1024,
    },
  });
  const field = limits.fileField ?? "file";
  const parse =
    limits.maxFiles && limits.maxFiles > 1 ? parser.array(field, limits.maxFiles) : parser.single(field);
  const checkCsrf = verifyCsrf();
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === "LIMIT_FILE_SIZE") {
          return next(
            new PayloadTooLargeError("FILE_TOO_LARGE", {
              max: Math.round(limits.maxFileBytes / 1024 / 1024),
            }),
          );
        }
        return next(new ValidationError("UPLOAD_INVALID"));
      }
      if (error) return next(error);
      checkCsrf(req, res, next);
    });
  };
}
