import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { EMBEDDING_DIMS, hashedNgramEmbedding } from "@kefu/domain";

/** LangChain embeddings backed by the offline hashed n-gram embedding (256 dims, no network). */
export class HashedNgramEmbeddings extends Embeddings {
  readonly dims = EMBEDDING_DIMS;

  constructor(params: EmbeddingsParams = {}) {
    super(params);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => hashedNgramEmbedding(d, EMBEDDING_DIMS));
  }

  async embedQuery(document: string): Promise<number[]> {
    return hashedNgramEmbedding(document, EMBEDDING_DIMS);
  }
}
