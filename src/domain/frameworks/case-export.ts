// A framework → a 1EdTech CASE 1.1 package (CFPackage JSON): CFDocument, CFItems, isChildOf and
// isRelatedTo CFAssociations, CFDefinitions.CFItemTypes. What an imported package said is written
// back as it was; a framework made in Carnet gets name-based identifiers, so every export is the same.
import { CARNET_EXTENSION, CHILD_OF, nameUuid, RELATED_TO, type CarnetCaseExtension } from "./case-model.js";
import {
  walkCompetences,
  type CompetenceNode,
  type FrameworkDefinition,
  type JsonValue,
  type LocatedCompetence,
} from "./framework.js";

export interface CaseExportOptions {
  /** Where identifiers resolve (Carnet's public URL); without it, URIs are `urn:uuid:` names. */
  baseUri?: string;
  /** lastChangeDateTime for what the framework does not carry one for (its import date). */
  lastChange: Date;
}

type JsonObject = Record<string, JsonValue>;
type Formats = NonNullable<CarnetCaseExtension["descriptionFormats"]>;
type English = NonNullable<CarnetCaseExtension["english"]>;

function stringAt(value: JsonObject | undefined, name: string): string | undefined {
  const member = value?.[name];
  return typeof member === "string" ? member : undefined;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Writes one framework's package; each method writes one part of it. */
class CaseWriter {
  private readonly document: JsonObject;
  private readonly documentId: string;
  private readonly lastChange: string;
  private readonly located: LocatedCompetence[];
  private readonly byCode: Map<string, CompetenceNode>;
  private readonly generatedTypes = new Map<string, JsonObject>();
  private readonly formats: Formats = {};
  private readonly english: English = {};

  constructor(
    private readonly def: FrameworkDefinition,
    private readonly options: CaseExportOptions,
  ) {
    // CFPackageURI belongs to a standalone CFDocument, never to one inside its package.
    const { CFPackageURI: _packageUri, ...document } = def.case?.document ?? {};
    this.document = document;
    this.documentId = stringAt(document, "identifier") ?? nameUuid(`document ${def.key} ${def.version}`);
    this.lastChange = options.lastChange.toISOString();
    this.located = [...walkCompetences(def.competences)];
    this.byCode = new Map(this.located.map(({ node }) => [node.code, node]));
  }

  private uri(kind: string, id: string): string {
    const base = this.options.baseUri?.replace(/\/$/, "");
    return base ? `${base}/ims/case/v1p1/${kind}/${id}` : `urn:uuid:${id}`;
  }

  private documentLink(): JsonObject {
    const uri = stringAt(this.document, "uri") ?? this.uri("CFDocuments", this.documentId);
    return { title: this.def.title.fr, identifier: this.documentId, uri };
  }

  private link(node: CompetenceNode): JsonObject {
    const identifier =
      stringAt(node.case?.item, "identifier") ?? nameUuid(`${this.documentId} item ${node.code}`);
    return {
      title: node.title.fr,
      identifier,
      uri: stringAt(node.case?.item, "uri") ?? this.uri("CFItems", identifier),
    };
  }

  /** An item type made by Carnet (an imported package keeps its own definitions). */
  private typeLink(label: string, depth: number): JsonObject {
    const identifier = nameUuid(`${this.documentId} type ${label}`);
    const uri = this.uri("CFItemTypes", identifier);
    if (!this.generatedTypes.has(label)) {
      const definition = {
        identifier,
        uri,
        title: label,
        description: label,
        hierarchyCode: String(depth + 1),
      };
      this.generatedTypes.set(label, { ...definition, lastChangeDateTime: this.lastChange });
    }
    return { title: label, identifier, uri };
  }

  /** The item type's label: as imported, else Moodle's taxonomy term of its depth, else domain/competence. */
  private itemType(node: CompetenceNode, depth: number): string {
    return (
      stringAt(node.case?.item, "CFItemType") ??
      this.def.taxonomies?.[depth] ??
      (node.children.length > 0 ? "Domaine" : "Compétence")
    );
  }

  private keepLanguageAndFormat(
    id: string,
    node: Pick<CompetenceNode, "title" | "description" | "descriptionFormat">,
  ): void {
    if (node.descriptionFormat && node.descriptionFormat !== "plain")
      this.formats[id] = node.descriptionFormat;
    const title = node.title.en;
    const description = node.description?.en;
    if (title !== undefined || description !== undefined)
      this.english[id] = {
        ...(title !== undefined ? { title } : {}),
        ...(description !== undefined ? { description } : {}),
      };
  }

  item({ node, path }: LocatedCompetence): JsonObject {
    const link = this.link(node);
    const identifier = String(link["identifier"]);
    this.keepLanguageAndFormat(identifier, node);
    const kept = node.case?.item ?? {};
    const type = this.itemType(node, path.length);
    return {
      ...kept,
      identifier,
      uri: link["uri"] ?? "",
      fullStatement: node.title.fr,
      ...(node.code !== identifier ? { humanCodingScheme: node.code } : {}),
      ...(node.description ? { notes: node.description.fr } : {}),
      ...(kept["CFItemType"] === undefined
        ? { CFItemType: type, CFItemTypeURI: this.typeLink(type, path.length) }
        : {}),
      lastChangeDateTime: stringAt(kept, "lastChangeDateTime") ?? this.lastChange,
    };
  }

  /** The item's isChildOf (its place among its siblings) and its isRelatedTo associations. */
  associations({ node, path }: LocatedCompetence, position: number): JsonObject[] {
    const link = this.link(node);
    const identifier = String(link["identifier"]);
    const parentCode = path.at(-1);
    const parent = parentCode !== undefined ? this.byCode.get(parentCode) : undefined;
    const childOf = node.case?.childOf ?? {};
    const sequence = childOf["sequenceNumber"];
    const childOfId =
      stringAt(childOf, "identifier") ?? nameUuid(`${this.documentId} ${identifier} ${CHILD_OF}`);
    const written: JsonObject[] = [
      {
        ...childOf,
        identifier: childOfId,
        uri: stringAt(childOf, "uri") ?? this.uri("CFAssociations", childOfId),
        associationType: CHILD_OF,
        sequenceNumber: typeof sequence === "number" ? sequence : position,
        originNodeURI: link,
        destinationNodeURI: parent ? this.link(parent) : this.documentLink(),
        lastChangeDateTime: stringAt(childOf, "lastChangeDateTime") ?? this.lastChange,
      },
    ];
    (node.related ?? []).forEach((code, index) => {
      const target = this.byCode.get(code);
      if (!target) return;
      const own = node.case?.related?.[index] ?? {};
      const id =
        stringAt(own, "identifier") ?? nameUuid(`${this.documentId} ${identifier} ${RELATED_TO} ${code}`);
      written.push({
        ...own,
        identifier: id,
        uri: stringAt(own, "uri") ?? this.uri("CFAssociations", id),
        associationType: RELATED_TO,
        originNodeURI: link,
        destinationNodeURI: this.link(target),
        lastChangeDateTime: stringAt(own, "lastChangeDateTime") ?? this.lastChange,
      });
    });
    return written;
  }

  /** What CASE has no place for, in CFDocument.extensions.carnet. */
  private carnetExtension(): JsonValue {
    const def = this.def;
    const carnet: CarnetCaseExtension = {
      key: def.key,
      ...(def.idNumber && def.idNumber !== this.documentId ? { idNumber: def.idNumber } : {}),
      source: def.source,
      scale: def.scale,
      ...(def.selfAssessment ? { selfAssessment: def.selfAssessment } : {}),
      ...(def.situationFamilies.length > 0 ? { situationFamilies: def.situationFamilies } : {}),
      ...(def.taxonomies ? { taxonomies: def.taxonomies } : {}),
      ...(Object.keys(this.formats).length > 0 ? { descriptionFormats: this.formats } : {}),
      ...(Object.keys(this.english).length > 0 ? { english: this.english } : {}),
    };
    // Built from a parsed framework: JSON values only (the round trip drops undefined members).
    return JSON.parse(JSON.stringify(carnet)) as JsonValue;
  }

  private documentObject(): JsonObject {
    const def = this.def;
    const kept = isObject(this.document["extensions"]) ? this.document["extensions"] : {};
    return {
      ...this.document,
      identifier: this.documentId,
      uri: this.documentLink()["uri"] ?? "",
      creator: stringAt(this.document, "creator") ?? def.source.citation,
      title: def.title.fr,
      lastChangeDateTime: stringAt(this.document, "lastChangeDateTime") ?? this.lastChange,
      ...(def.description ? { description: def.description.fr } : {}),
      version: def.version,
      // A framework made in Carnet says its language and version of CASE; an imported one, what it said.
      ...(def.case ? {} : { language: "fr", caseVersion: "1.1" }),
      extensions: { ...kept, [CARNET_EXTENSION]: this.carnetExtension() },
    };
  }

  write(): JsonObject {
    this.keepLanguageAndFormat("", this.def);
    const items: JsonObject[] = [];
    const associations: JsonObject[] = [];
    const positions = new Map<string, number>();
    for (const located of this.located) {
      items.push(this.item(located));
      const parentKey = located.path.at(-1) ?? "";
      const position = (positions.get(parentKey) ?? 0) + 1;
      positions.set(parentKey, position);
      associations.push(...this.associations(located, position));
    }
    const definitions: JsonObject = { ...(this.def.case?.definitions ?? {}) };
    if (this.generatedTypes.size > 0) {
      const existing = Array.isArray(definitions["CFItemTypes"]) ? definitions["CFItemTypes"] : [];
      definitions["CFItemTypes"] = [...existing, ...this.generatedTypes.values()];
    }
    return {
      CFDocument: this.documentObject(),
      CFItems: items,
      CFAssociations: [...associations, ...(this.def.case?.associations ?? [])],
      ...(Object.keys(definitions).length > 0 ? { CFDefinitions: definitions } : {}),
      ...(this.def.case?.rubrics ? { CFRubrics: this.def.case.rubrics } : {}),
      ...(this.def.case?.extensions ? { extensions: this.def.case.extensions } : {}),
    };
  }
}

export function toCasePackage(def: FrameworkDefinition, options: CaseExportOptions): JsonObject {
  return new CaseWriter(def, options).write();
}

/** The package as a file, two-space indented. */
export function toCaseJson(def: FrameworkDefinition, options: CaseExportOptions): string {
  return `${JSON.stringify(toCasePackage(def, options), null, 2)}\n`;
}
