-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
-- A WordPress database with the plugin in both shapes, as mysqldump on MySQL 8 writes it:
-- the utf8mb4_0900_ai_ci collation MariaDB 10.11 rejects. Table prefix wp8_.
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

DROP TABLE IF EXISTS `wp8_igny8_clusters`;
CREATE TABLE `wp8_igny8_clusters` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `cluster_name` varchar(255) COLLATE utf8mb4_0900_ai_ci NOT NULL,
  `status` varchar(20) COLLATE utf8mb4_0900_ai_ci DEFAULT 'active',
  `created_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

LOCK TABLES `wp8_igny8_clusters` WRITE;
INSERT INTO `wp8_igny8_clusters` VALUES (1,'Espresso machines','active','2023-11-02 10:00:00'),(2,'Kaffeemühlen','active','2023-11-02 10:00:00'),(3,'Old stuff','inactive',NULL);
UNLOCK TABLES;

DROP TABLE IF EXISTS `wp8_igny8_keywords`;
CREATE TABLE `wp8_igny8_keywords` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `keyword` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
  `search_volume` int DEFAULT NULL,
  `difficulty` tinyint DEFAULT NULL,
  `cpc` decimal(8,2) DEFAULT NULL,
  `cluster_id` bigint DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `cluster` (`cluster_id`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

LOCK TABLES `wp8_igny8_keywords` WRITE;
INSERT INTO `wp8_igny8_keywords` VALUES (1,'best espresso machine',9900,67,1.20,1),(2,'espresso machine under 200',1300,41,0.90,1),(3,'beste kaffeemühle 2026 ☕',880,35,0.55,2),(4,'manual coffee grinder',2400,30,0.60,2),(5,'descaling espresso machine',720,22,0.30,1),(6,'BEST  espresso machine',10,10,0.10,NULL);
UNLOCK TABLES;

DROP TABLE IF EXISTS `wp8_posts`;
CREATE TABLE `wp8_posts` (
  `ID` bigint unsigned NOT NULL AUTO_INCREMENT,
  `post_date` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `post_content` longtext COLLATE utf8mb4_0900_ai_ci NOT NULL,
  `post_title` text COLLATE utf8mb4_0900_ai_ci NOT NULL,
  `post_status` varchar(20) COLLATE utf8mb4_0900_ai_ci NOT NULL DEFAULT 'publish',
  `post_name` varchar(200) COLLATE utf8mb4_0900_ai_ci NOT NULL DEFAULT '',
  `post_type` varchar(20) COLLATE utf8mb4_0900_ai_ci NOT NULL DEFAULT 'post',
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB AUTO_INCREMENT=12 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

LOCK TABLES `wp8_posts` WRITE;
INSERT INTO `wp8_posts` VALUES (10,'2024-02-01 08:00:00','','Latte art','publish','latte-art','igny8_clusters'),(11,'0000-00-00 00:00:00','','latte art milk jug','publish','latte-art-milk-jug','igny8_keywords');
UNLOCK TABLES;

DROP TABLE IF EXISTS `wp8_postmeta`;
CREATE TABLE `wp8_postmeta` (
  `meta_id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `post_id` bigint unsigned NOT NULL DEFAULT '0',
  `meta_key` varchar(255) COLLATE utf8mb4_0900_ai_ci DEFAULT NULL,
  `meta_value` longtext COLLATE utf8mb4_0900_ai_ci,
  PRIMARY KEY (`meta_id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

LOCK TABLES `wp8_postmeta` WRITE;
INSERT INTO `wp8_postmeta` VALUES (1,11,'_igny8_search_volume','480'),(2,11,'_igny8_cluster_relation','10'),(3,11,'_igny8_difficulty_level','18');
UNLOCK TABLES;

/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
-- Dump completed on 2026-11-30 12:00:00
