// Each programme's agenda template for its group sessions, one document per course.
import type { Connection } from "mongoose";
import type { AgendaTemplateStore } from "../domain/sessions/ports.js";
import { collection } from "./models/collection.js";
import { courseDocumentFields, CourseValues, type CourseDocument } from "./course-documents.js";

interface AgendaTemplateDoc extends CourseDocument {
  sessions: { title: string; items: string[] }[];
}

const agendaTemplates = collection<AgendaTemplateDoc>("CarnetAgendaTemplate", "session_agenda_templates", {
  ...courseDocumentFields(),
  sessions: { type: [{ _id: false, title: String, items: [String] }], default: [] },
});

/** The programme's agenda templates, read and saved on this connection. */
export function agendaTemplateStore(connection: Connection): AgendaTemplateStore {
  return new CourseValues(agendaTemplates.model(connection), {
    read: (doc) => ({ sessions: doc.sessions.map(({ title, items }) => ({ title, items: [...items] })) }),
    write: (template) => ({ set: { sessions: template.sessions } }),
  });
}
