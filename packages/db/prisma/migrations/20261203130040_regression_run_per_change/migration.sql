-- CreateIndex
CREATE UNIQUE INDEX "RegressionRun_setId_knowledgeBaseId_knowledgeVersion_key" ON "RegressionRun"("setId", "knowledgeBaseId", "knowledgeVersion");
