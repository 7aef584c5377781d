-- AlterEnum
ALTER TYPE "SourceKind" ADD VALUE 'PDF';
