// Cognito's Secure Remote Password flow (USER_SRP_AUTH + PASSWORD_VERIFIER), on BigInt and Web Crypto.
// The password never leaves the browser; only A and a proof do. Same math as AWS's own SDKs.

const N_HEX =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
const N = BigInt("0x" + N_HEX);
const g = 2n;
const encoder = new TextEncoder();

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Hex of a positive number as Cognito hashes it: even length, and a leading 00 when the top bit is set. */
export function padHex(value: bigint): string {
  const hex = value.toString(16);
  const even = hex.length % 2 === 1 ? "0" + hex : hex;
  return /^[89a-f]/i.test(even) ? "00" + even : even;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  return bytesToHex(await crypto.subtle.digest("SHA-256", concat(data)));
}

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey("raw", concat(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, concat(data)));
}

function base64ToBytes(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    // Cognito's secret block is base64; an emulator may send an opaque token instead.
    return encoder.encode(text);
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** "Mon Dec 7 10:11:05 UTC 2026": the timestamp format Cognito signs (day without a leading zero). */
export function cognitoTimestamp(now: Date = new Date()): string {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
  return `${days[now.getUTCDay()]} ${months[now.getUTCMonth()]} ${now.getUTCDate()} ${time} UTC ${now.getUTCFullYear()}`;
}

export interface SrpClient {
  /** SRP_A, sent with InitiateAuth. */
  publicA: string;
  /** The PASSWORD_VERIFIER answer to the challenge parameters Cognito sent back. */
  answer(
    challenge: Record<string, string>,
    password: string,
    now?: Date,
  ): Promise<{ PASSWORD_CLAIM_SIGNATURE: string; PASSWORD_CLAIM_SECRET_BLOCK: string; TIMESTAMP: string; USERNAME: string }>;
}

/** `secret` (the private a) is random unless given: only a cross-check against another implementation gives it. */
export async function startSrp(userPoolId: string, secret?: bigint): Promise<SrpClient> {
  const poolName = userPoolId.split("_")[1] ?? userPoolId;
  const a = secret ?? BigInt("0x" + bytesToHex(crypto.getRandomValues(new Uint8Array(128)))) % N;
  const A = modPow(g, a, N);
  const k = BigInt("0x" + (await sha256Hex(hexToBytes(padHex(N) + padHex(g)))));
  return {
    publicA: A.toString(16),
    async answer(challenge, password, now) {
      const B = BigInt("0x" + challenge.SRP_B);
      if (B % N === 0n) throw new Error("The sign-in service sent an invalid SRP value.");
      const userId = challenge.USER_ID_FOR_SRP;
      const u = BigInt("0x" + (await sha256Hex(hexToBytes(padHex(A) + padHex(B)))));
      const inner = await sha256Hex(encoder.encode(`${poolName}${userId}:${password}`));
      const x = BigInt("0x" + (await sha256Hex(hexToBytes(padHex(BigInt("0x" + challenge.SALT)) + inner))));
      const base = (B - ((k * modPow(g, x, N)) % N) + N) % N;
      const S = modPow(base, a + u * x, N);
      // HKDF-SHA256 (one block): the 16-byte key Cognito calls "Caldera Derived Key".
      const prk = await hmac(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
      const key = (await hmac(prk, concat(encoder.encode("Caldera Derived Key"), new Uint8Array([1])))).slice(0, 16);
      const timestamp = cognitoTimestamp(now);
      const secretBlock = challenge.SECRET_BLOCK;
      const message = concat(encoder.encode(poolName), encoder.encode(userId), base64ToBytes(secretBlock), encoder.encode(timestamp));
      const signature = bytesToBase64(await hmac(key, message));
      return {
        PASSWORD_CLAIM_SIGNATURE: signature,
        PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
        TIMESTAMP: timestamp,
        USERNAME: userId,
      };
    },
  };
}
