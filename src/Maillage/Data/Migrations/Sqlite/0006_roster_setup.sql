-- 0006 roster setup: roles of a centre with allowed professions, shift templates with headcount per role.

CREATE TABLE "CentreRoles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CentreRoles" PRIMARY KEY AUTOINCREMENT,
    "CentreId" INTEGER NOT NULL,
    "Label" TEXT NOT NULL,
    "Professions" TEXT NOT NULL,
    "Exposed" INTEGER NOT NULL,
    CONSTRAINT "FK_CentreRoles_DedicatedCentres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "DedicatedCentres" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ShiftTemplates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ShiftTemplates" PRIMARY KEY AUTOINCREMENT,
    "CentreId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Pattern" TEXT NOT NULL,
    CONSTRAINT "FK_ShiftTemplates_DedicatedCentres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "DedicatedCentres" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RoleRequirements" (
    "ShiftTemplateId" INTEGER NOT NULL,
    "RoleId" INTEGER NOT NULL,
    "Headcount" INTEGER NOT NULL,
    CONSTRAINT "PK_RoleRequirements" PRIMARY KEY ("ShiftTemplateId", "RoleId"),
    CONSTRAINT "FK_RoleRequirements_CentreRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "CentreRoles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleRequirements_ShiftTemplates_ShiftTemplateId" FOREIGN KEY ("ShiftTemplateId") REFERENCES "ShiftTemplates" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_CentreRoles_CentreId" ON "CentreRoles" ("CentreId");

CREATE INDEX "IX_RoleRequirements_RoleId" ON "RoleRequirements" ("RoleId");

CREATE INDEX "IX_ShiftTemplates_CentreId" ON "ShiftTemplates" ("CentreId");
