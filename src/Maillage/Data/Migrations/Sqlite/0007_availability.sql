-- 0007 volunteers' availability per shift occurrence.

CREATE TABLE "Availabilities" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Availabilities" PRIMARY KEY AUTOINCREMENT,
    "ShiftTemplateId" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "DeclaredAtUtc" TEXT NOT NULL,
    "DeclaredBy" TEXT NOT NULL,
    CONSTRAINT "FK_Availabilities_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Availabilities_ShiftTemplates_ShiftTemplateId" FOREIGN KEY ("ShiftTemplateId") REFERENCES "ShiftTemplates" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Availabilities_ProfessionalId" ON "Availabilities" ("ProfessionalId");

CREATE UNIQUE INDEX "IX_Availabilities_ShiftTemplateId_Date_ProfessionalId" ON "Availabilities" ("ShiftTemplateId", "Date", "ProfessionalId");
