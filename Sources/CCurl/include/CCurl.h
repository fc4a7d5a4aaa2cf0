#ifndef NEUROCARDS_CCURL_H
#define NEUROCARDS_CCURL_H
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; these typed wrappers can.
// Each passes exactly the argument type libcurl documents for the options it is used with.
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
// For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION, which share this callback type.
CURLcode ccurl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
