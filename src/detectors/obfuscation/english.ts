/**
 * Small project-written English vocabulary used to decide whether a rot13 or leetspeak decoding
 * produced language (and is worth rescanning) rather than noise.
 */
const COMMON = `the be to of and in that have it for not on with he as you do at this but his by from they we say her
she or an will my one all would there their what so up out if about who get which go me when make can like time no
just him know take people into year your good some could them see other than then now look only come its over think
also back after use two how our work first well way even new want because any these give day most us is are was were
been has had did does said made should must may might shall am being here where why very much more many such own same
too off again once each few both those through during before under above between against without within upon while
until every never always often please tell show write explain give answer help need find print reveal output repeat
ignore disregard forget bypass override previous prior above instructions instruction rules rule prompt system message
messages developer admin administrator password passwords secret secrets key keys token credentials confidential
hidden internal policy policies restrictions restricted filter filters guidelines safety jailbreak mode unrestricted
pretend act roleplay role character persona simulate now following text below content data user users assistant model
send email emails url link links visit click download upload execute run command commands code script shell file files
delete remove drop table database access account accounts bank money transfer pay kill attack hack hacking bomb weapon
weapons drugs steal exploit malware virus hello hi thanks thank yes okay ok sure yes true false stop start begin end
everything anything nothing something someone anyone everyone name names number numbers information info details
private personal address phone card`;

export const ENGLISH_WORDS: ReadonlySet<string> = new Set(COMMON.split(/\s+/).filter((w) => w.length > 0));
