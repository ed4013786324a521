// Each programme's agenda template for its group sessions, one document per course.
import type { Connection, Model } from "mongoose";
import type { CourseScope } from "../domain/course.js";
import type { AgendaTemplate } from "../domain/sessions/agenda-templates.js";
import type { AgendaTemplateStore } from "../domain/sessions/ports.js";
import { collection } from "./models/collection.js";
import { courseDocumentId, courseScopeFields } from "./models/fields.js";

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
  constructor(private readonly model: Model<AgendaTemplateDoc>) {}

  async get(scope: CourseScope): Promise<AgendaTemplate | null> {
    const doc = await this.model
      .findOne({ _id: courseDocumentId(scope), platformId: scope.platformId })
      .lean<AgendaTemplateDoc>();
    if (!doc) return null;
    return { sessions: doc.sessions.map(({ title, items }) => ({ title, items: [...items] })) };
  }

  async save(scope: CourseScope, template: AgendaTemplate, userId: string, at: Date): Promise<void> {
    await this.model.updateOne(
      { _id: courseDocumentId(scope), platformId: scope.platformId },
      { $set: { ...scope, sessions: template.sessions, updatedBy: userId, updatedAt: at } },
      { upsert: true },
    );
  }
}
