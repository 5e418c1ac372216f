//! Every time zone name Go's `time.LoadLocation` knows (tzdata 2025b),
//! with the POSIX TZ rule it follows now (the TZif footer). Generated
//! from the IANA time zone database, which is in the public domain.
//!
//! One text rather than a table of string pairs (whose pointers cost as
//! much as the names in the wasm bundle): each line is a rule followed by
//! the names that follow it, separated by spaces.

pub(super) const ZONES: &str = "\
GMT0 Africa/Abidjan Africa/Accra Africa/Bamako Africa/Banjul Africa/Bissau Africa/Conakry\n\
GMT0 Africa/Dakar Africa/Freetown Africa/Lome Africa/Monrovia Africa/Nouakchott\n\
GMT0 Africa/Ouagadougou Africa/Sao_Tome Africa/Timbuktu America/Danmarkshavn Atlantic/Reykjavik\n\
GMT0 Atlantic/St_Helena Etc/GMT Etc/GMT+0 Etc/GMT-0 Etc/GMT0 Etc/Greenwich GMT GMT+0 GMT-0 GMT0\n\
GMT0 Greenwich Iceland\n\
EAT-3 Africa/Addis_Ababa Africa/Asmara Africa/Asmera Africa/Dar_es_Salaam Africa/Djibouti\n\
EAT-3 Africa/Kampala Africa/Mogadishu Africa/Nairobi Indian/Antananarivo Indian/Comoro\n\
EAT-3 Indian/Mayotte\n\
CET-1 Africa/Algiers Africa/Tunis\n\
WAT-1 Africa/Bangui Africa/Brazzaville Africa/Douala Africa/Kinshasa Africa/Lagos\n\
WAT-1 Africa/Libreville Africa/Luanda Africa/Malabo Africa/Ndjamena Africa/Niamey\n\
WAT-1 Africa/Porto-Novo\n\
CAT-2 Africa/Blantyre Africa/Bujumbura Africa/Gaborone Africa/Harare Africa/Juba Africa/Khartoum\n\
CAT-2 Africa/Kigali Africa/Lubumbashi Africa/Lusaka Africa/Maputo Africa/Windhoek\n\
EET-2EEST,M4.5.5/0,M10.5.4/24 Africa/Cairo Egypt\n\
<+01>-1 Africa/Casablanca Africa/El_Aaiun Etc/GMT-1\n\
CET-1CEST,M3.5.0,M10.5.0/3 Africa/Ceuta Arctic/Longyearbyen Atlantic/Jan_Mayen CET\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Amsterdam Europe/Andorra Europe/Belgrade Europe/Berlin\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Bratislava Europe/Brussels Europe/Budapest Europe/Busingen\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Copenhagen Europe/Gibraltar Europe/Ljubljana Europe/Luxembourg\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Madrid Europe/Malta Europe/Monaco Europe/Oslo Europe/Paris\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Podgorica Europe/Prague Europe/Rome Europe/San_Marino\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Sarajevo Europe/Skopje Europe/Stockholm Europe/Tirane\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Vaduz Europe/Vatican Europe/Vienna Europe/Warsaw Europe/Zagreb\n\
CET-1CEST,M3.5.0,M10.5.0/3 Europe/Zurich Poland\n\
SAST-2 Africa/Johannesburg Africa/Maseru Africa/Mbabane\n\
EET-2 Africa/Tripoli Europe/Kaliningrad Libya\n\
HST10HDT,M3.2.0,M11.1.0 America/Adak America/Atka US/Aleutian\n\
AKST9AKDT,M3.2.0,M11.1.0 America/Anchorage America/Juneau America/Metlakatla America/Nome\n\
AKST9AKDT,M3.2.0,M11.1.0 America/Sitka America/Yakutat US/Alaska\n\
AST4 America/Anguilla America/Antigua America/Aruba America/Barbados America/Blanc-Sablon\n\
AST4 America/Curacao America/Dominica America/Grenada America/Guadeloupe America/Kralendijk\n\
AST4 America/Lower_Princes America/Marigot America/Martinique America/Montserrat\n\
AST4 America/Port_of_Spain America/Puerto_Rico America/Santo_Domingo America/St_Barthelemy\n\
AST4 America/St_Kitts America/St_Lucia America/St_Thomas America/St_Vincent America/Tortola\n\
AST4 America/Virgin\n\
<-03>3 America/Araguaina America/Argentina/Buenos_Aires America/Argentina/Catamarca\n\
<-03>3 America/Argentina/ComodRivadavia America/Argentina/Cordoba America/Argentina/Jujuy\n\
<-03>3 America/Argentina/La_Rioja America/Argentina/Mendoza America/Argentina/Rio_Gallegos\n\
<-03>3 America/Argentina/Salta America/Argentina/San_Juan America/Argentina/San_Luis\n\
<-03>3 America/Argentina/Tucuman America/Argentina/Ushuaia America/Asuncion America/Bahia\n\
<-03>3 America/Belem America/Buenos_Aires America/Catamarca America/Cayenne America/Cordoba\n\
<-03>3 America/Coyhaique America/Fortaleza America/Jujuy America/Maceio America/Mendoza\n\
<-03>3 America/Montevideo America/Paramaribo America/Punta_Arenas America/Recife America/Rosario\n\
<-03>3 America/Santarem America/Sao_Paulo Antarctica/Palmer Antarctica/Rothera Atlantic/Stanley\n\
<-03>3 Brazil/East Etc/GMT+3\n\
EST5 America/Atikokan America/Cancun America/Cayman America/Coral_Harbour America/Jamaica\n\
EST5 America/Panama EST Jamaica\n\
CST6 America/Bahia_Banderas America/Belize America/Chihuahua America/Costa_Rica\n\
CST6 America/El_Salvador America/Guatemala America/Managua America/Merida America/Mexico_City\n\
CST6 America/Monterrey America/Regina America/Swift_Current America/Tegucigalpa\n\
CST6 Canada/Saskatchewan Mexico/General\n\
<-04>4 America/Boa_Vista America/Campo_Grande America/Caracas America/Cuiaba America/Guyana\n\
<-04>4 America/La_Paz America/Manaus America/Porto_Velho Brazil/West Etc/GMT+4\n\
<-05>5 America/Bogota America/Eirunepe America/Guayaquil America/Lima America/Porto_Acre\n\
<-05>5 America/Rio_Branco Brazil/Acre Etc/GMT+5\n\
MST7MDT,M3.2.0,M11.1.0 America/Boise America/Cambridge_Bay America/Ciudad_Juarez America/Denver\n\
MST7MDT,M3.2.0,M11.1.0 America/Edmonton America/Inuvik America/Shiprock America/Yellowknife\n\
MST7MDT,M3.2.0,M11.1.0 Canada/Mountain MST7MDT Navajo US/Mountain\n\
CST6CDT,M3.2.0,M11.1.0 America/Chicago America/Indiana/Knox America/Indiana/Tell_City\n\
CST6CDT,M3.2.0,M11.1.0 America/Knox_IN America/Matamoros America/Menominee\n\
CST6CDT,M3.2.0,M11.1.0 America/North_Dakota/Beulah America/North_Dakota/Center\n\
CST6CDT,M3.2.0,M11.1.0 America/North_Dakota/New_Salem America/Ojinaga America/Rainy_River\n\
CST6CDT,M3.2.0,M11.1.0 America/Rankin_Inlet America/Resolute America/Winnipeg CST6CDT\n\
CST6CDT,M3.2.0,M11.1.0 Canada/Central US/Central US/Indiana-Starke\n\
MST7 America/Creston America/Dawson America/Dawson_Creek America/Fort_Nelson America/Hermosillo\n\
MST7 America/Mazatlan America/Phoenix America/Whitehorse Canada/Yukon MST Mexico/BajaSur\n\
MST7 US/Arizona\n\
EST5EDT,M3.2.0,M11.1.0 America/Detroit America/Fort_Wayne America/Grand_Turk\n\
EST5EDT,M3.2.0,M11.1.0 America/Indiana/Indianapolis America/Indiana/Marengo\n\
EST5EDT,M3.2.0,M11.1.0 America/Indiana/Petersburg America/Indiana/Vevay\n\
EST5EDT,M3.2.0,M11.1.0 America/Indiana/Vincennes America/Indiana/Winamac America/Indianapolis\n\
EST5EDT,M3.2.0,M11.1.0 America/Iqaluit America/Kentucky/Louisville America/Kentucky/Monticello\n\
EST5EDT,M3.2.0,M11.1.0 America/Louisville America/Montreal America/Nassau America/New_York\n\
EST5EDT,M3.2.0,M11.1.0 America/Nipigon America/Pangnirtung America/Port-au-Prince\n\
EST5EDT,M3.2.0,M11.1.0 America/Thunder_Bay America/Toronto Canada/Eastern EST5EDT\n\
EST5EDT,M3.2.0,M11.1.0 US/East-Indiana US/Eastern US/Michigan\n\
PST8PDT,M3.2.0,M11.1.0 America/Ensenada America/Los_Angeles America/Santa_Isabel America/Tijuana\n\
PST8PDT,M3.2.0,M11.1.0 America/Vancouver Canada/Pacific Mexico/BajaNorte PST8PDT US/Pacific\n\
AST4ADT,M3.2.0,M11.1.0 America/Glace_Bay America/Goose_Bay America/Halifax America/Moncton\n\
AST4ADT,M3.2.0,M11.1.0 America/Thule Atlantic/Bermuda Canada/Atlantic\n\
<-02>2<-01>,M3.5.0/-1,M10.5.0/0 America/Godthab America/Nuuk America/Scoresbysund\n\
CST5CDT,M3.2.0/0,M11.1.0/1 America/Havana Cuba\n\
<-03>3<-02>,M3.2.0,M11.1.0 America/Miquelon\n\
<-02>2 America/Noronha Atlantic/South_Georgia Brazil/DeNoronha Etc/GMT+2\n\
<-04>4<-03>,M9.1.6/24,M4.1.6/24 America/Santiago Chile/Continental\n\
NST3:30NDT,M3.2.0,M11.1.0 America/St_Johns Canada/Newfoundland\n\
<+08>-8 Antarctica/Casey Asia/Brunei Asia/Choibalsan Asia/Irkutsk Asia/Kuala_Lumpur Asia/Kuching\n\
<+08>-8 Asia/Singapore Asia/Ulaanbaatar Asia/Ulan_Bator Etc/GMT-8 Singapore\n\
<+07>-7 Antarctica/Davis Asia/Bangkok Asia/Barnaul Asia/Ho_Chi_Minh Asia/Hovd Asia/Krasnoyarsk\n\
<+07>-7 Asia/Novokuznetsk Asia/Novosibirsk Asia/Phnom_Penh Asia/Saigon Asia/Tomsk Asia/Vientiane\n\
<+07>-7 Etc/GMT-7 Indian/Christmas\n\
<+10>-10 Antarctica/DumontDUrville Asia/Ust-Nera Asia/Vladivostok Etc/GMT-10 Pacific/Chuuk\n\
<+10>-10 Pacific/Port_Moresby Pacific/Truk Pacific/Yap\n\
AEST-10AEDT,M10.1.0,M4.1.0/3 Antarctica/Macquarie Australia/ACT Australia/Canberra\n\
AEST-10AEDT,M10.1.0,M4.1.0/3 Australia/Currie Australia/Hobart Australia/Melbourne Australia/NSW\n\
AEST-10AEDT,M10.1.0,M4.1.0/3 Australia/Sydney Australia/Tasmania Australia/Victoria\n\
<+05>-5 Antarctica/Mawson Antarctica/Vostok Asia/Almaty Asia/Aqtau Asia/Aqtobe Asia/Ashgabat\n\
<+05>-5 Asia/Ashkhabad Asia/Atyrau Asia/Dushanbe Asia/Oral Asia/Qostanay Asia/Qyzylorda\n\
<+05>-5 Asia/Samarkand Asia/Tashkent Asia/Yekaterinburg Etc/GMT-5 Indian/Kerguelen\n\
<+05>-5 Indian/Maldives\n\
NZST-12NZDT,M9.5.0,M4.1.0/3 Antarctica/McMurdo Antarctica/South_Pole NZ Pacific/Auckland\n\
<+03>-3 Antarctica/Syowa Asia/Aden Asia/Amman Asia/Baghdad Asia/Bahrain Asia/Damascus\n\
<+03>-3 Asia/Istanbul Asia/Kuwait Asia/Qatar Asia/Riyadh Etc/GMT-3 Europe/Istanbul Europe/Minsk\n\
<+03>-3 Turkey\n\
<+00>0<+02>-2,M3.5.0/1,M10.5.0/3 Antarctica/Troll\n\
<+12>-12 Asia/Anadyr Asia/Kamchatka Etc/GMT-12 Kwajalein Pacific/Fiji Pacific/Funafuti\n\
<+12>-12 Pacific/Kwajalein Pacific/Majuro Pacific/Nauru Pacific/Tarawa Pacific/Wake\n\
<+12>-12 Pacific/Wallis\n\
<+04>-4 Asia/Baku Asia/Dubai Asia/Muscat Asia/Tbilisi Asia/Yerevan Etc/GMT-4 Europe/Astrakhan\n\
<+04>-4 Europe/Samara Europe/Saratov Europe/Ulyanovsk Indian/Mahe Indian/Mauritius\n\
<+04>-4 Indian/Reunion\n\
EET-2EEST,M3.5.0/0,M10.5.0/0 Asia/Beirut\n\
<+06>-6 Asia/Bishkek Asia/Dacca Asia/Dhaka Asia/Kashgar Asia/Omsk Asia/Thimbu Asia/Thimphu\n\
<+06>-6 Asia/Urumqi Etc/GMT-6 Indian/Chagos\n\
IST-5:30 Asia/Calcutta Asia/Kolkata\n\
<+09>-9 Asia/Chita Asia/Dili Asia/Khandyga Asia/Yakutsk Etc/GMT-9 Pacific/Palau\n\
CST-8 Asia/Chongqing Asia/Chungking Asia/Harbin Asia/Macao Asia/Macau Asia/Shanghai Asia/Taipei\n\
CST-8 PRC ROC\n\
<+0530>-5:30 Asia/Colombo\n\
EET-2EEST,M3.5.0/3,M10.5.0/4 Asia/Famagusta Asia/Nicosia EET Europe/Athens Europe/Bucharest\n\
EET-2EEST,M3.5.0/3,M10.5.0/4 Europe/Helsinki Europe/Kiev Europe/Kyiv Europe/Mariehamn\n\
EET-2EEST,M3.5.0/3,M10.5.0/4 Europe/Nicosia Europe/Riga Europe/Sofia Europe/Tallinn\n\
EET-2EEST,M3.5.0/3,M10.5.0/4 Europe/Uzhgorod Europe/Vilnius Europe/Zaporozhye\n\
EET-2EEST,M3.4.4/50,M10.4.4/50 Asia/Gaza Asia/Hebron\n\
HKT-8 Asia/Hong_Kong Hongkong\n\
WIB-7 Asia/Jakarta Asia/Pontianak\n\
WIT-9 Asia/Jayapura\n\
IST-2IDT,M3.4.4/26,M10.5.0 Asia/Jerusalem Asia/Tel_Aviv Israel\n\
<+0430>-4:30 Asia/Kabul\n\
PKT-5 Asia/Karachi\n\
<+0545>-5:45 Asia/Kathmandu Asia/Katmandu\n\
<+11>-11 Asia/Magadan Asia/Sakhalin Asia/Srednekolymsk Etc/GMT-11 Pacific/Bougainville\n\
<+11>-11 Pacific/Efate Pacific/Guadalcanal Pacific/Kosrae Pacific/Noumea Pacific/Pohnpei\n\
<+11>-11 Pacific/Ponape\n\
WITA-8 Asia/Makassar Asia/Ujung_Pandang\n\
PST-8 Asia/Manila\n\
KST-9 Asia/Pyongyang Asia/Seoul ROK\n\
<+0630>-6:30 Asia/Rangoon Asia/Yangon Indian/Cocos\n\
<+0330>-3:30 Asia/Tehran Iran\n\
JST-9 Asia/Tokyo Japan\n\
<-01>1<+00>,M3.5.0/0,M10.5.0/1 Atlantic/Azores\n\
WET0WEST,M3.5.0/1,M10.5.0 Atlantic/Canary Atlantic/Faeroe Atlantic/Faroe Atlantic/Madeira\n\
WET0WEST,M3.5.0/1,M10.5.0 Europe/Lisbon Portugal WET\n\
<-01>1 Atlantic/Cape_Verde Etc/GMT+1\n\
ACST-9:30ACDT,M10.1.0,M4.1.0/3 Australia/Adelaide Australia/Broken_Hill Australia/South\n\
ACST-9:30ACDT,M10.1.0,M4.1.0/3 Australia/Yancowinna\n\
AEST-10 Australia/Brisbane Australia/Lindeman Australia/Queensland\n\
ACST-9:30 Australia/Darwin Australia/North\n\
<+0845>-8:45 Australia/Eucla\n\
<+1030>-10:30<+11>-11,M10.1.0,M4.1.0 Australia/LHI\n\
AWST-8 Australia/Perth Australia/West\n\
<-06>6<-05>,M9.1.6/22,M4.1.6/22 Chile/EasterIsland Pacific/Easter\n\
IST-1GMT0,M10.5.0,M3.5.0/1 Eire Europe/Dublin\n\
<-10>10 Etc/GMT+10 Pacific/Rarotonga Pacific/Tahiti\n\
<-11>11 Etc/GMT+11 Pacific/Niue\n\
<-12>12 Etc/GMT+12\n\
<-06>6 Etc/GMT+6 Pacific/Galapagos\n\
<-07>7 Etc/GMT+7\n\
<-08>8 Etc/GMT+8 Pacific/Pitcairn\n\
<-09>9 Etc/GMT+9 Pacific/Gambier\n\
<+13>-13 Etc/GMT-13 Pacific/Apia Pacific/Enderbury Pacific/Fakaofo Pacific/Kanton\n\
<+13>-13 Pacific/Tongatapu\n\
<+14>-14 Etc/GMT-14 Pacific/Kiritimati\n\
<+02>-2 Etc/GMT-2\n\
UTC0 Etc/UCT Etc/UTC Etc/Universal Etc/Zulu UCT UTC Universal Zulu\n\
GMT0BST,M3.5.0/1,M10.5.0 Europe/Belfast Europe/Guernsey Europe/Isle_of_Man Europe/Jersey\n\
GMT0BST,M3.5.0/1,M10.5.0 Europe/London GB GB-Eire\n\
EET-2EEST,M3.5.0,M10.5.0/3 Europe/Chisinau Europe/Tiraspol\n\
MSK-3 Europe/Kirov Europe/Moscow Europe/Simferopol Europe/Volgograd W-SU\n\
<-00>0 Factory\n\
HST10 HST Pacific/Honolulu Pacific/Johnston US/Hawaii\n\
MET-1MEST,M3.5.0,M10.5.0/3 MET\n\
<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45 NZ-CHAT\n\
ChST-10 Pacific/Guam Pacific/Saipan\n\
<-0930>9:30 Pacific/Marquesas\n\
SST11 Pacific/Midway Pacific/Pago_Pago Pacific/Samoa US/Samoa\n\
<+11>-11<+12>,M10.1.0,M4.1.0/3 Pacific/Norfolk\n";

/// The POSIX TZ rule of a zone name.
pub(super) fn rule(name: &str) -> Option<&'static str> {
    ZONES.lines().find_map(|line| {
        let mut words = line.split(' ');
        let rule = words.next()?;
        words.any(|n| n == name).then_some(rule)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_once_with_its_rule() {
        let mut names: Vec<&str> = ZONES.lines().flat_map(|l| l.split(' ').skip(1)).collect();
        assert_eq!(names.len(), 596);
        crate::sort::sort(&mut names);
        names.dedup();
        assert_eq!(names.len(), 596, "a name is listed twice");
        assert_eq!(rule("Asia/Seoul"), Some("KST-9"));
        assert_eq!(rule("America/New_York"), Some("EST5EDT,M3.2.0,M11.1.0"));
        assert_eq!(rule("GMT0"), Some("GMT0"));
        assert_eq!(
            rule("Pacific/Norfolk"),
            Some("<+11>-11<+12>,M10.1.0,M4.1.0/3")
        );
        assert_eq!(rule("KST-9"), None, "a rule is not a name");
        assert_eq!(rule("Asia"), None);
    }
}
