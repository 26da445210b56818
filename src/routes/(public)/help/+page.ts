// A page of text for children: no JavaScript at all (issue 9 §6).
export const csr = false;
