-- Information: incoming messages, bulletins and their recipients, e-mail preferences and deliveries.

CREATE TABLE "Bulletins" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Bulletins" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "BodyMarkdown" TEXT NOT NULL,
    "Urgent" INTEGER NOT NULL,
    "TerritoryIds" TEXT NOT NULL,
    "Professions" TEXT NOT NULL,
    "StructureIds" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "PublishAtUtc" TEXT NULL,
    "PublishedAtUtc" TEXT NULL,
    "PublishedBy" TEXT NULL,
    "WithdrawnAtUtc" TEXT NULL,
    "WithdrawalReason" TEXT NULL,
    "RecipientCount" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Bulletins_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IncomingMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_IncomingMessages" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Source" TEXT NOT NULL,
    "SenderName" TEXT NULL,
    "SenderAddress" TEXT NULL,
    "ReceivedAtUtc" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "BodyText" TEXT NOT NULL,
    "BodyHtml" TEXT NULL,
    "Themes" TEXT NOT NULL,
    "Professions" TEXT NOT NULL,
    "SearchText" TEXT NOT NULL,
    "Fingerprint" TEXT NOT NULL,
    "ExternalId" TEXT NULL,
    "DuplicateOfId" INTEGER NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "ArchivedAtUtc" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_IncomingMessages_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BulletinMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BulletinMessages" PRIMARY KEY AUTOINCREMENT,
    "BulletinId" INTEGER NOT NULL,
    "MessageId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    CONSTRAINT "FK_BulletinMessages_Bulletins_BulletinId" FOREIGN KEY ("BulletinId") REFERENCES "Bulletins" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BulletinMessages_IncomingMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "IncomingMessages" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MessageAttachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MessageAttachments" PRIMARY KEY AUTOINCREMENT,
    "MessageId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Content" BLOB NOT NULL,
    CONSTRAINT "FK_MessageAttachments_IncomingMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "IncomingMessages" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BulletinRecipients" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BulletinRecipients" PRIMARY KEY AUTOINCREMENT,
    "BulletinId" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "Profession" TEXT NOT NULL,
    "TerritoryId" INTEGER NOT NULL,
    "ReadAtUtc" TEXT NULL,
    "MailedAtUtc" TEXT NULL,
    CONSTRAINT "FK_BulletinRecipients_Bulletins_BulletinId" FOREIGN KEY ("BulletinId") REFERENCES "Bulletins" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BulletinRecipients_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MailDeliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MailDeliveries" PRIMARY KEY AUTOINCREMENT,
    "ProfessionalId" INTEGER NOT NULL,
    "TerritoryId" INTEGER NOT NULL,
    "ToAddress" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "BulletinIds" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAtUtc" TEXT NOT NULL,
    "LastError" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "SentAtUtc" TEXT NULL,
    CONSTRAINT "FK_MailDeliveries_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MailPreferences" (
    "ProfessionalId" INTEGER NOT NULL CONSTRAINT "PK_MailPreferences" PRIMARY KEY,
    "Mode" TEXT NOT NULL,
    "UnsubscribeToken" TEXT NOT NULL,
    "LastDailyDigestOn" TEXT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_MailPreferences_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MailAttempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MailAttempts" PRIMARY KEY AUTOINCREMENT,
    "DeliveryId" INTEGER NOT NULL,
    "AttemptedAtUtc" TEXT NOT NULL,
    "Succeeded" INTEGER NOT NULL,
    "Error" TEXT NULL,
    CONSTRAINT "FK_MailAttempts_MailDeliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "MailDeliveries" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_BulletinMessages_BulletinId_MessageId" ON "BulletinMessages" ("BulletinId", "MessageId");

CREATE INDEX "IX_BulletinMessages_MessageId" ON "BulletinMessages" ("MessageId");

CREATE UNIQUE INDEX "IX_BulletinRecipients_BulletinId_ProfessionalId" ON "BulletinRecipients" ("BulletinId", "ProfessionalId");

CREATE INDEX "IX_BulletinRecipients_ProfessionalId_ReadAtUtc" ON "BulletinRecipients" ("ProfessionalId", "ReadAtUtc");

CREATE INDEX "IX_BulletinRecipients_Coverage" ON "BulletinRecipients" ("TerritoryId", "BulletinId", "Profession", "ReadAtUtc");

CREATE INDEX "IX_Bulletins_Status_PublishAtUtc" ON "Bulletins" ("Status", "PublishAtUtc");

CREATE INDEX "IX_Bulletins_TerritoryId_Status" ON "Bulletins" ("TerritoryId", "Status");

CREATE INDEX "IX_IncomingMessages_TerritoryId_Fingerprint" ON "IncomingMessages" ("TerritoryId", "Fingerprint");

CREATE INDEX "IX_IncomingMessages_TerritoryId_ReceivedAtUtc" ON "IncomingMessages" ("TerritoryId", "ReceivedAtUtc");

CREATE INDEX "IX_MailAttempts_DeliveryId" ON "MailAttempts" ("DeliveryId");

CREATE INDEX "IX_MailDeliveries_ProfessionalId" ON "MailDeliveries" ("ProfessionalId");

CREATE INDEX "IX_MailDeliveries_Status_NextAttemptAtUtc" ON "MailDeliveries" ("Status", "NextAttemptAtUtc");

CREATE INDEX "IX_MailDeliveries_TerritoryId_CreatedAtUtc" ON "MailDeliveries" ("TerritoryId", "CreatedAtUtc");

CREATE UNIQUE INDEX "IX_MailPreferences_UnsubscribeToken" ON "MailPreferences" ("UnsubscribeToken");

CREATE INDEX "IX_MessageAttachments_MessageId" ON "MessageAttachments" ("MessageId");
