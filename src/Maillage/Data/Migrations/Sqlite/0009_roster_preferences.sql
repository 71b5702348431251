-- 0009 rosters: volunteers' preferred centre and partners, per crisis.

CREATE TABLE "RosterPreferences" (
    "EpisodeId" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "PreferredCentreId" INTEGER NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    CONSTRAINT "PK_RosterPreferences" PRIMARY KEY ("EpisodeId", "ProfessionalId"),
    CONSTRAINT "FK_RosterPreferences_CrisisEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RosterPreferences_DedicatedCentres_PreferredCentreId" FOREIGN KEY ("PreferredCentreId") REFERENCES "DedicatedCentres" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RosterPreferences_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "PreferredPartners" (
    "EpisodeId" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "PartnerId" INTEGER NOT NULL,
    CONSTRAINT "PK_PreferredPartners" PRIMARY KEY ("EpisodeId", "ProfessionalId", "PartnerId"),
    CONSTRAINT "FK_PreferredPartners_Professionals_PartnerId" FOREIGN KEY ("PartnerId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_PreferredPartners_RosterPreferences_EpisodeId_ProfessionalId" FOREIGN KEY ("EpisodeId", "ProfessionalId") REFERENCES "RosterPreferences" ("EpisodeId", "ProfessionalId") ON DELETE CASCADE
);

CREATE INDEX "IX_RosterPreferences_PreferredCentreId" ON "RosterPreferences" ("PreferredCentreId");

CREATE INDEX "IX_RosterPreferences_ProfessionalId" ON "RosterPreferences" ("ProfessionalId");

CREATE INDEX "IX_PreferredPartners_PartnerId" ON "PreferredPartners" ("PartnerId");
