/** Packs the repository into `folder`, installs the tarball (and `extra` of the repository's packages) there. */
export declare function installPackedTarball(folder: string, extra: string[]): Promise<string>;
//# sourceMappingURL=consumer.d.ts.map