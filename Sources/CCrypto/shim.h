// Only the OpenSSL 3 high-level APIs are used (EVP_Q_mac, EVP_Digest, RAND_bytes, CRYPTO_memcmp),
// so nothing deprecated is pulled into Swift.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
