// Each programme's agenda template for its group sessions, one document per course.
import type { Connection, Model } from "mongoose";
import type { CourseScope } from "../domain/course.js";
import type { AgendaTemplate } from "../domain/sessions/agenda-templates.js";
import type { AgendaTemplateStore } from "../domain/sessions/ports.js";
import { collection } from "./models/collection.js";
import { CourseDocuments } from "./course-documents.js";
import { courseScopeFields } from "./models/fields.js";

interface AgendaTemplateDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  sessions: { title: string; items: string[] }[];
  updatedBy: string;
  updatedAt: Date;
}

const agendaTemplates = collection<AgendaTemplateDoc>("CarnetAgendaTemplate", "session_agenda_templates", {
  ...courseScopeFields(),
  sessions: { type: [{ _id: false, title: String, items: [String] }], default: [] },
  updatedBy: { type: String, required: true },
  updatedAt: { type: Date, required: true },
});

export function agendaTemplateModel(connection: Connection): Model<AgendaTemplateDoc> {
  return agendaTemplates.model(connection);
}

export class AgendaTemplateRepository implements AgendaTemplateStore {
  private readonly templates: CourseDocuments<AgendaTemplateDoc>;

  constructor(model: Model<AgendaTemplateDoc>) {
    this.templates = new CourseDocuments(model);
  }

  async get(scope: CourseScope): Promise<AgendaTemplate | null> {
    const doc = await this.templates.read(scope);
    if (!doc) return null;
    return { sessions: doc.sessions.map(({ title, items }) => ({ title, items: [...items] })) };
  }

  async save(scope: CourseScope, template: AgendaTemplate, userId: string, at: Date): Promise<void> {
    await this.templates.write(scope, { sessions: template.sessions }, { userId, at });
  }
}
