/* SPDX-License-Identifier: ISC */
/*
 * libzip and expat, opened on first use (lazylib.h): sheet_xlsx.c reads
 * an imported workbook's parts with the first and parses them with the
 * second.
 */
#ifndef LAZY_SHEET_H
#define LAZY_SHEET_H

#include <expat.h>
#include <zip.h>

#include "fcgi/base/lazylib.h"

#define LAZY_ZIP(X)                                                            \
	X(zip_error_init)                                                      \
	X(zip_error_fini)                                                      \
	X(zip_source_buffer_create)                                            \
	X(zip_source_free)                                                     \
	X(zip_open_from_source)                                                \
	X(zip_get_num_entries)                                                 \
	X(zip_name_locate)                                                     \
	X(zip_stat_index)                                                      \
	X(zip_fopen_index)                                                     \
	X(zip_fread)                                                           \
	X(zip_fclose)                                                          \
	X(zip_discard)

#define LAZY_EXPAT(X)                                                          \
	X(XML_ParserCreateNS)                                                  \
	X(XML_ParserFree)                                                      \
	X(XML_SetUserData)                                                     \
	X(XML_SetStartDoctypeDeclHandler)                                      \
	X(XML_SetEntityDeclHandler)                                            \
	X(XML_SetParamEntityParsing)                                           \
	X(XML_SetElementHandler)                                               \
	X(XML_SetCharacterDataHandler)                                         \
	X(XML_Parse)                                                           \
	X(XML_StopParser)

extern struct lazy_zip {
	LAZY_ZIP(LAZYLIB_MEMBER)
} lazy_zip;
extern struct lazy_expat {
	LAZY_EXPAT(LAZYLIB_MEMBER)
} lazy_expat;
bool lazy_zip_open(void);
bool lazy_expat_open(void);

#ifndef LAZYLIB_TABLES
#define zip_error_init                 lazy_zip.zip_error_init
#define zip_error_fini                 lazy_zip.zip_error_fini
#define zip_source_buffer_create       lazy_zip.zip_source_buffer_create
#define zip_source_free                lazy_zip.zip_source_free
#define zip_open_from_source           lazy_zip.zip_open_from_source
#define zip_get_num_entries            lazy_zip.zip_get_num_entries
#define zip_name_locate                lazy_zip.zip_name_locate
#define zip_stat_index                 lazy_zip.zip_stat_index
#define zip_fopen_index                lazy_zip.zip_fopen_index
#define zip_fread                      lazy_zip.zip_fread
#define zip_fclose                     lazy_zip.zip_fclose
#define zip_discard                    lazy_zip.zip_discard
#define XML_ParserCreateNS             lazy_expat.XML_ParserCreateNS
#define XML_ParserFree                 lazy_expat.XML_ParserFree
#define XML_SetUserData                lazy_expat.XML_SetUserData
#define XML_SetStartDoctypeDeclHandler lazy_expat.XML_SetStartDoctypeDeclHandler
#define XML_SetEntityDeclHandler       lazy_expat.XML_SetEntityDeclHandler
#define XML_SetParamEntityParsing      lazy_expat.XML_SetParamEntityParsing
#define XML_SetElementHandler          lazy_expat.XML_SetElementHandler
#define XML_SetCharacterDataHandler    lazy_expat.XML_SetCharacterDataHandler
#define XML_Parse                      lazy_expat.XML_Parse
#define XML_StopParser                 lazy_expat.XML_StopParser
#endif

#endif
